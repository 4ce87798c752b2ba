package io.poolpilot.daemon.config;

import java.time.Duration;

/**
 * The one connection pool to the database (HikariCP), shared by the writer, the usage meter, the API
 * ports, the executors and the leases: bounded, and every wait for a connection is bounded too.
 *
 * @param maxConnections    connections at most; a caller that finds all in use waits up to {@code connectionTimeout}
 * @param connectionTimeout how long a caller waits for a connection before it is told the database is unavailable
 * @param validationTimeout how long checking that an idle connection is still alive may take
 * @param maxLifetime       a connection is replaced after this long (keep it below any server or proxy limit)
 */
public record DatabasePool(int maxConnections, Duration connectionTimeout, Duration validationTimeout, Duration maxLifetime) {

    public static final int DEFAULT_MAX_CONNECTIONS = 20;
    public static final int DEFAULT_CONNECTION_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_VALIDATION_TIMEOUT_SECONDS = 2;
    public static final int DEFAULT_MAX_LIFETIME_MINUTES = 30;

    public DatabasePool {
        if (maxConnections < 2 || maxConnections > 1_000) {
            throw new IllegalArgumentException("database.maxConnections must be 2..1000 (the writer keeps one), got "
                    + maxConnections);
        }
        atLeast("connectionTimeoutSeconds", connectionTimeout, Duration.ofMillis(250));
        atLeast("validationTimeoutSeconds", validationTimeout, Duration.ofMillis(250));
        if (validationTimeout.compareTo(connectionTimeout) >= 0) {
            throw new IllegalArgumentException("database.validationTimeoutSeconds (" + validationTimeout.toSeconds()
                    + ") must be less than database.connectionTimeoutSeconds (" + connectionTimeout.toSeconds() + ")");
        }
        atLeast("maxLifetimeMinutes", maxLifetime, Duration.ofSeconds(30));
    }

    public static DatabasePool defaults() {
        return new DatabasePool(DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(DEFAULT_CONNECTION_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_VALIDATION_TIMEOUT_SECONDS), Duration.ofMinutes(DEFAULT_MAX_LIFETIME_MINUTES));
    }

    private static void atLeast(String key, Duration value, Duration least) {
        if (value == null || value.compareTo(least) < 0) {
            throw new IllegalArgumentException("database." + key + " must be at least " + least + ", got " + value);
        }
    }
}
