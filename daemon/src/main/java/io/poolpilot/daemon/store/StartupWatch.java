package io.poolpilot.daemon.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches an embedded PostgreSQL while it starts: logs progress every {@link #PROGRESS_EVERY} (crash recovery can
 * take a while), and notices when the server died at start (a FATAL or PANIC line in its log and no live postmaster)
 * so the start fails at once with that line instead of waiting out the whole start-up limit.
 */
final class StartupWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartupWatch.class);

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private final Path dataDirectory;
    private final Path serverLog;
    private final Duration limit;
    private final Thread starter;
    private final long logOffset;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String fatal;
    private long lastProgress = System.nanoTime();

    /** Starts watching on behalf of the calling thread, which the watch interrupts if the server died. */
    StartupWatch(Path dataDirectory, Path serverLog, Duration limit) {
        this.dataDirectory = dataDirectory;
        this.serverLog = serverLog;
        this.limit = limit;
        this.starter = Thread.currentThread();
        this.logOffset = size(serverLog);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-db-start");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The FATAL/PANIC line of a server that died while starting, or null. */
    String fatal() {
        return fatal;
    }

    private void check() {
        if (fatal != null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
            lastProgress = now;
            log.info("event=embedded_db_starting data={} waitedSeconds={} limitSeconds={} log={}", dataDirectory,
                    Duration.ofNanos(now - startedNanos).toSeconds(), limit.toSeconds(), serverLog);
        }
        String line = firstFatalLine();
        if (line != null && !postmasterAlive()) {
            fatal = line;
            starter.interrupt(); // the library's wait returns at once when interrupted; the caller then sees fatal()
        }
    }

    private boolean postmasterAlive() {
        return LeftoverServer.PidFile.read(dataDirectory)
                .flatMap(p -> ProcessHandle.of(p.pid())).map(ProcessHandle::isAlive).orElse(false);
    }

    private String firstFatalLine() {
        if (size(serverLog) <= logOffset) {
            return null;
        }
        try (RandomAccessFile file = new RandomAccessFile(serverLog.toFile(), "r")) {
            file.seek(logOffset);
            byte[] bytes = new byte[(int) Math.min(file.length() - logOffset, 1 << 20)];
            file.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if ((line.contains("FATAL:") || line.contains("PANIC:")) && !line.contains("is starting up")
                        && !line.contains("not yet accepting connections")) {
                    return line.strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (fatal != null) {
            Thread.interrupted(); // clear the interrupt the watch raised
        }
    }
}
