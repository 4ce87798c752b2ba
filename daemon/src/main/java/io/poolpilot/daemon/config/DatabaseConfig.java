package io.poolpilot.daemon.config;

import io.poolpilot.daemon.store.StorageFlavour;

/**
 * Where samples are stored: {@code embedded} starts a private PostgreSQL under the work dir;
 * a {@code jdbc:postgresql://} URL points at a real PostgreSQL or TimescaleDB; {@code pool} bounds the connections;
 * {@code flavour} ({@code database.flavour}) is {@code auto} (TimescaleDB when the server offers it), {@code plain} or
 * {@code timescaledb}.
 */
public record DatabaseConfig(String url, String username, SecretRef password, DatabasePool pool,
                             StorageFlavour.Choice flavour) {

    public static final String EMBEDDED = "embedded";

    /** With the default connection pool. */
    public DatabaseConfig(String url, String username, SecretRef password) {
        this(url, username, password, null, null);
    }

    /** With the flavour detected ({@code auto}). */
    public DatabaseConfig(String url, String username, SecretRef password, DatabasePool pool) {
        this(url, username, password, pool, null);
    }

    public DatabaseConfig {
        pool = pool == null ? DatabasePool.defaults() : pool;
        flavour = flavour == null ? StorageFlavour.Choice.AUTO : flavour;
        url = url == null || url.isBlank() ? EMBEDDED : url.strip();
        if (!url.equals(EMBEDDED) && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database.url must be 'embedded' or a jdbc:postgresql:// URL, got '" + url + "'");
        }
        if (!url.equals(EMBEDDED) && (username == null || username.isBlank())) {
            throw new IllegalArgumentException("database.username is required with an external database URL");
        }
    }

    /** The same database with {@code database.flavour} set. */
    public DatabaseConfig withFlavour(StorageFlavour.Choice choice) {
        return new DatabaseConfig(url, username, password, pool, choice);
    }

    public boolean embedded() {
        return EMBEDDED.equals(url);
    }
}
