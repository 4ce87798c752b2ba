package io.poolpilot.daemon.demo;

import io.poolpilot.simulator.SimulatorMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's simulator in a process of its own ({@code ./poolpilot demo --simulator-process}), so that a daemon
 * crash can be shown without killing the pools: the pools keep their 5 s rows and the restarted daemon back-fills
 * them. Started once per work directory ({@code simulator.pid}, output in {@code simulator.log}) and found again by
 * the next demo start; it outlives the demo until stopped ({@code kill $(cat work/demo/simulator.pid)}).
 */
final class SimulatorProcess {

    private static final Logger log = LoggerFactory.getLogger(SimulatorProcess.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final String READY = "Ctrl-C to stop.";

    private SimulatorProcess() {
    }

    /** The running simulator of this work directory, or a new one on {@code port} (faults on {@code port + 1}). */
    static DemoPools startOrReuse(Path workDir, Path scenario, int port) throws IOException {
        Path pidFile = workDir.resolve("simulator.pid");
        Path output = workDir.resolve("simulator.log");
        Optional<ProcessHandle> running = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(SimulatorMain.class.getName())).orElse(false));
        if (running.isPresent()) {
            DemoPools pools = DemoPools.parse(Files.readAllLines(output));
            if (!pools.pools().isEmpty()) {
                log.info("event=demo_simulator_reused pid={} log={}", running.get().pid(), output);
                return pools;
            }
        }
        Files.deleteIfExists(output);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-Dlogback.configurationFile=config/logback.xml",
                "-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--scenario", scenario.toAbsolutePath().toString(), "--port", Integer.toString(port),
                "--admin-port", port == 0 ? "0" : Integer.toString(port + 1))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Files.writeString(pidFile, process.pid() + "\n");
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(output);
            if (lines.stream().anyMatch(l -> l.startsWith(READY))) {
                log.info("event=demo_simulator_started pid={} log={}", process.pid(), output);
                return DemoPools.parse(lines);
            }
            if (!process.isAlive()) {
                throw new IOException("the simulator stopped at start (exit " + process.exitValue() + "); see " + output);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the simulator started", e);
            }
        }
        process.destroy();
        throw new IOException("the simulator did not start within " + START_LIMIT.toSeconds() + " s; see " + output);
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.isRegularFile(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
