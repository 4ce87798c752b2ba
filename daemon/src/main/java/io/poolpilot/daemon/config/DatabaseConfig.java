package io.poolpilot.daemon.config;

/**
 * Where samples are stored: {@code embedded} starts a private PostgreSQL under the work dir;
 * a {@code jdbc:postgresql://} URL points at a real PostgreSQL or TimescaleDB; {@code pool} bounds the connections.
 */
public record DatabaseConfig(String url, String username, SecretRef password, DatabasePool pool) {

    public static final String EMBEDDED = "embedded";

    /** With the default connection pool. */
    public DatabaseConfig(String url, String username, SecretRef password) {
        this(url, username, password, null);
    }

    public DatabaseConfig {
        pool = pool == null ? DatabasePool.defaults() : pool;
        url = url == null || url.isBlank() ? EMBEDDED : url.strip();
        if (!url.equals(EMBEDDED) && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database.url must be 'embedded' or a jdbc:postgresql:// URL, got '" + url + "'");
        }
        if (!url.equals(EMBEDDED) && (username == null || username.isBlank())) {
            throw new IllegalArgumentException("database.username is required with an external database URL");
        }
    }

    public boolean embedded() {
        return EMBEDDED.equals(url);
    }
}
