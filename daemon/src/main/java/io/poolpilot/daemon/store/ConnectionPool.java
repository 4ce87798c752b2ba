package io.poolpilot.daemon.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.config.DatabasePool;
import io.poolpilot.daemon.metrics.MetricNames;

import javax.sql.DataSource;

/**
 * The daemon's one JDBC connection pool (HikariCP) over a driver-level DataSource: bounded, every wait
 * for a connection bounded by the connection timeout (then {@code SQLTransientConnectionException}),
 * pool metrics ({@code hikaricp.connections.*}, tag {@code pool}) in the daemon's registry.
 */
public final class ConnectionPool {

    /** Idle connections kept warm; the pool grows to its maximum under load and shrinks back. */
    static final int MIN_IDLE = 2;

    private ConnectionPool() {
    }

    /** Opens the pool; fails at once (not on first use) when the database cannot be reached. */
    public static HikariDataSource open(DataSource driver, DatabasePool settings, MeterRegistry registry) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(MetricNames.DB_POOL_NAME);
        config.setDataSource(driver);
        config.setMaximumPoolSize(settings.maxConnections());
        config.setMinimumIdle(Math.min(MIN_IDLE, settings.maxConnections()));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(settings.validationTimeout().toMillis());
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        config.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new HikariDataSource(config);
    }
}
