package io.poolpilot.daemon.config;

/**
 * Where samples are stored: {@code embedded} starts a private PostgreSQL under the work dir;
 * a {@code jdbc:postgresql://} URL points at a real PostgreSQL or TimescaleDB.
 */
public record DatabaseConfig(String url, String username, SecretRef password) {

    public static final String EMBEDDED = "embedded";

    public DatabaseConfig {
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
