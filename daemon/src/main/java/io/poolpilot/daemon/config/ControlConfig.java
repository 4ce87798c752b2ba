package io.poolpilot.daemon.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The control side: the API listener (loopback only; {@code apiPort} 0 picks a free port, -1 disables the
 * API), the tokens file, how plans are executed (lease period, plan TTL, migration concurrency, tick) and the
 * web console's limits.
 */
public record ControlConfig(String apiHost, int apiPort, Path tokensFile, Duration leasePeriod, Duration planTtl,
                            int maxParallelMigrations, int maxMigrationsPerHost, Duration executorTick,
                            long plannerMoveLimit, ConsoleConfig console) {

    public static final int DEFAULT_API_PORT = 8080;

    public ControlConfig {
        apiHost = apiHost == null ? "127.0.0.1" : apiHost;
        leasePeriod = leasePeriod == null ? Duration.ofSeconds(15) : leasePeriod;
        planTtl = planTtl == null ? Duration.ofHours(1) : planTtl;
        maxParallelMigrations = maxParallelMigrations == 0 ? 4 : maxParallelMigrations;
        maxMigrationsPerHost = maxMigrationsPerHost == 0 ? 2 : maxMigrationsPerHost;
        executorTick = executorTick == null ? Duration.ofSeconds(1) : executorTick;
        plannerMoveLimit = plannerMoveLimit == 0 ? 200_000 : plannerMoveLimit;
        console = console == null ? ConsoleConfig.defaults() : console;
        if (apiPort < -1 || apiPort > 65_535) {
            throw new IllegalArgumentException("control.apiPort must be -1 (off), 0 (any) or 1..65535, got " + apiPort);
        }
        if (leasePeriod.toMillis() < 500 || leasePeriod.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("control.leaseSeconds must be 0.5 s..10 min, got " + leasePeriod);
        }
        if (planTtl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("control.planTtlMinutes must be >= 1, got " + planTtl);
        }
        if (maxParallelMigrations < 1 || maxParallelMigrations > 64 || maxMigrationsPerHost < 1 || maxMigrationsPerHost > 16) {
            throw new IllegalArgumentException("control.maxParallelMigrations must be 1..64 and maxMigrationsPerHost 1..16, got "
                    + maxParallelMigrations + " and " + maxMigrationsPerHost);
        }
        if (executorTick.toMillis() < 10) {
            throw new IllegalArgumentException("control executor tick must be >= 10 ms, got " + executorTick);
        }
    }

    public static ControlConfig defaults() {
        return new ControlConfig(null, DEFAULT_API_PORT, null, null, null, 0, 0, null, 0, null);
    }

    public ControlConfig withApiPort(int port) {
        return new ControlConfig(apiHost, port, tokensFile, leasePeriod, planTtl, maxParallelMigrations,
                maxMigrationsPerHost, executorTick, plannerMoveLimit, console);
    }

    public ControlConfig withTokensFile(Path file) {
        return new ControlConfig(apiHost, apiPort, file, leasePeriod, planTtl, maxParallelMigrations,
                maxMigrationsPerHost, executorTick, plannerMoveLimit, console);
    }

    public ControlConfig withLease(Duration period, Duration tick) {
        return new ControlConfig(apiHost, apiPort, tokensFile, period, planTtl, maxParallelMigrations,
                maxMigrationsPerHost, tick, plannerMoveLimit, console);
    }

    public ControlConfig withPlannerMoveLimit(long moves) {
        return new ControlConfig(apiHost, apiPort, tokensFile, leasePeriod, planTtl, maxParallelMigrations,
                maxMigrationsPerHost, executorTick, moves, console);
    }

    public ControlConfig withConsole(ConsoleConfig limits) {
        return new ControlConfig(apiHost, apiPort, tokensFile, leasePeriod, planTtl, maxParallelMigrations,
                maxMigrationsPerHost, executorTick, plannerMoveLimit, limits);
    }
}
