package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server still running on a data directory after the process that started it died (the JVM was
 * killed with SIGKILL: PostgreSQL is a child process and outlives it, re-parented to PID 1). Found through the
 * data directory's {@code postmaster.pid} and stopped with PostgreSQL's fast shutdown, so the
 * next start finds the directory free instead of failing with "Gave up waiting for server to start".
 */
final class LeftoverServer {

    private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

    /** How long the leftover server may take to stop (it checkpoints first). */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** What {@code postmaster.pid} says: the postmaster's PID and port. */
    record PidFile(long pid, int port) {
        static Optional<PidFile> read(Path dataDirectory) {
            Path file = dataDirectory.resolve("postmaster.pid");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                List<String> lines = Files.readAllLines(file);
                long pid = Long.parseLong(lines.get(0).trim());
                int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : -1;
                return Optional.of(new PidFile(pid, port));
            } catch (IOException | RuntimeException e) {
                log.warn("event=embedded_db_pid_file_unreadable file={} error=\"{}\"", file, e.toString());
                return Optional.empty();
            }
        }
    }

    private LeftoverServer() {
    }

    /**
     * Stops the server running on {@code dataDirectory}, if one is; a stale pid file whose process is gone (or is
     * not PostgreSQL) is left for PostgreSQL itself to discard at start.
     *
     * @return whether a leftover server was found and stopped
     * @throws IOException when a leftover server is running and cannot be stopped
     */
    static boolean stopIfRunning(Path dataDirectory) throws IOException {
        Optional<PidFile> pidFile = PidFile.read(dataDirectory);
        if (pidFile.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pidFile.get().pid()).filter(ProcessHandle::isAlive);
        Optional<String> command = process.flatMap(p -> p.info().command());
        if (process.isEmpty() || command.isEmpty() || !Path.of(command.get()).getFileName().toString().equals("postgres")
                || !servesDirectory(process.get(), dataDirectory)) {
            return false;
        }
        log.warn("event=embedded_db_leftover pid={} port={} data={} hint=\"a previous PoolPilot process died without "
                + "stopping its embedded PostgreSQL; stopping it now\"", pidFile.get().pid(), pidFile.get().port(),
                dataDirectory);
        fastShutdown(process.get());
        try {
            process.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("a PostgreSQL server left by an earlier process (pid " + pidFile.get().pid()
                    + ") still runs on " + dataDirectory + " and did not stop within " + STOP_WAIT.toSeconds()
                    + " s; stop it (pg_ctl stop -D " + dataDirectory + ") and start again", e);
        }
        log.info("event=embedded_db_leftover_stopped pid={}", pidFile.get().pid());
        return true;
    }

    /** Whether the process was started with {@code -D dataDirectory} (a PID reused by another server is not ours). */
    private static boolean servesDirectory(ProcessHandle process, Path dataDirectory) {
        String[] arguments = process.info().arguments().orElse(new String[0]);
        Path wanted = dataDirectory.toAbsolutePath().normalize();
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks for PostgreSQL's fast shutdown (SIGINT: sessions are ended, a checkpoint is written). Not pg_ctl: it
     * refuses to run as root, which is how CI runs. Falls back to SIGTERM (smart shutdown, which is enough here: the
     * dead process's sessions ended with it).
     */
    private static void fastShutdown(ProcessHandle process) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.debug("event=kill_command_unavailable error=\"{}\"", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping a leftover PostgreSQL (pid " + process.pid() + ")", e);
        }
        process.destroy();
    }
}
