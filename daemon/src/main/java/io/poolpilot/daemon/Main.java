package io.poolpilot.daemon;

import io.poolpilot.daemon.config.ConfigException;
import io.poolpilot.daemon.config.ConfigLoader;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.demo.Demo;
import io.poolpilot.daemon.store.EmbeddedDatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * PoolPilot's entry point: {@code run [--config F]} follows the pools in the config;
 * {@code demo [--scenario F] [--work-dir D]} also starts the simulator and an embedded PostgreSQL.
 * Runs until SIGINT/SIGTERM, then stops cleanly.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    /** The longest a clean stop may take before the process exits anyway. */
    public static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(90);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        try {
            AutoCloseable running = switch (command) {
                case "run" -> run(option(args, "--config", "config/poolpilot.yaml"));
                case "demo" -> Demo.start(Path.of(option(args, "--scenario", "config/scenarios/demo.yaml")),
                        Path.of(option(args, "--work-dir", "work/demo")),
                        Integer.parseInt(option(args, "--port", "4480")), flag(args, "--simulator-process"));
                default -> {
                    System.err.println("usage: poolpilot run [--config F] | demo [--scenario F] [--work-dir D] [--port P] [--simulator-process]");
                    System.exit(2);
                    yield null;
                }
            };
            awaitShutdown(running);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
        } catch (EmbeddedDatabaseException e) {
            log.debug("event=start_failed", e);
            System.err.println("poolpilot cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    private static AutoCloseable run(String configFile) {
        DaemonConfig config = new ConfigLoader().load(Path.of(configFile), System.getenv());
        if (config.pools().isEmpty()) {
            log.warn("event=no_pools config={} hint=\"add pools to the config, or try ./poolpilot demo\"", configFile);
        }
        return DaemonRuntime.start(config, System.getenv(), Clock.systemUTC());
    }

    /**
     * Waits for SIGINT/SIGTERM, then stops in the daemon's own order (see {@link DaemonRuntime#close}), giving up
     * after {@link #SHUTDOWN_LIMIT} so that a stuck component cannot keep the process from exiting.
     */
    private static void awaitShutdown(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("event=shutdown_requested limitSeconds={}", SHUTDOWN_LIMIT.toSeconds());
            long started = System.nanoTime();
            Thread closer = new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    log.warn("event=shutdown_failed error=\"{}\"", e.toString());
                }
            }, "shutdown-close");
            closer.start();
            try {
                closer.join(SHUTDOWN_LIMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (closer.isAlive()) {
                log.error("event=shutdown_timeout waitedMillis={} hint=\"exiting anyway; the next start recovers "
                        + "from the journal and stops a leftover embedded database\"", millis);
            } else {
                log.info("event=shutdown_complete tookMillis={}", millis);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    static boolean flag(String[] args, String name) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
