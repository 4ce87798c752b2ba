package io.poolpilot.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the API listener. The API speaks plain HTTP with bearer tokens, so it binds loopback only;
 * reach it from elsewhere through a TLS-terminating reverse proxy. {@code cursorSecret} signs pagination
 * cursors (null: a random secret per start, so cursors die with a restart).
 */
public record ApiConfig(String host, int port, int bodyLimitBytes, Duration heartbeatInterval, String cursorSecret,
                        Duration sessionIdleTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8750;
    public static final int DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** A browser session (the web UI) ends after this long without a request. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public ApiConfig {
        host = host == null ? DEFAULT_HOST : host;
        requireLoopback(host);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("api port must be 0..65535 (0: any free port), got " + port);
        }
        if (bodyLimitBytes < 1024 || bodyLimitBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("api bodyLimitBytes must be 1 KiB..16 MiB, got " + bodyLimitBytes);
        }
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.toMillis() < 10 || heartbeatInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("api heartbeatInterval must be 10 ms..5 min, got " + heartbeatInterval);
        }
        sessionIdleTimeout = sessionIdleTimeout == null ? DEFAULT_SESSION_IDLE_TIMEOUT : sessionIdleTimeout;
        if (sessionIdleTimeout.toMillis() < 100 || sessionIdleTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("api sessionIdleTimeout must be 100 ms..24 h, got " + sessionIdleTimeout);
        }
        if (cursorSecret != null && cursorSecret.length() < 32) {
            throw new IllegalArgumentException("api cursorSecret must be at least 32 characters (it is never logged)");
        }
    }

    /** With the default browser session idle timeout. */
    public ApiConfig(String host, int port, int bodyLimitBytes, Duration heartbeatInterval, String cursorSecret) {
        this(host, port, bodyLimitBytes, heartbeatInterval, cursorSecret, DEFAULT_SESSION_IDLE_TIMEOUT);
    }

    public static ApiConfig defaults() {
        return new ApiConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_HEARTBEAT, null);
    }

    public ApiConfig withPort(int newPort) {
        return new ApiConfig(host, newPort, bodyLimitBytes, heartbeatInterval, cursorSecret, sessionIdleTimeout);
    }

    public ApiConfig withHeartbeat(Duration interval) {
        return new ApiConfig(host, port, bodyLimitBytes, interval, cursorSecret, sessionIdleTimeout);
    }

    public ApiConfig withSessionIdleTimeout(Duration timeout) {
        return new ApiConfig(host, port, bodyLimitBytes, heartbeatInterval, cursorSecret, timeout);
    }

    private static void requireLoopback(String host) {
        boolean loopback;
        try {
            // Literal addresses only: a name would need DNS, and "localhost" may resolve to anything.
            loopback = (host.matches("[0-9.]+") || host.contains(":")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("api host must be a loopback address such as 127.0.0.1 or ::1, got '" + host
                    + "'; put a TLS reverse proxy in front to serve other machines");
        }
    }
}
