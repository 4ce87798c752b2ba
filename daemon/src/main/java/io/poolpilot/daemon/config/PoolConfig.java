package io.poolpilot.daemon.config;

import java.net.URI;
import java.util.Objects;

/** One XAPI pool to follow: where its master is, who to log in as, how to trust it. */
public record PoolConfig(String name, URI masterUrl, String username, SecretRef password, TlsConfig tls) {

    public PoolConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every pool needs a name (used in logs, metrics and the API)");
        }
        Objects.requireNonNull(masterUrl, () -> "pool '" + name + "' needs masterUrl, e.g. https://xapi-master.example:443/");
        String scheme = masterUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("pool '" + name + "': masterUrl must be http:// or https://, got " + masterUrl);
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("pool '" + name + "' needs a username");
        }
        Objects.requireNonNull(password, () -> "pool '" + name + "' needs password: env:NAME or file:/path");
        tls = tls == null ? TlsConfig.systemTrust() : tls;
    }
}
