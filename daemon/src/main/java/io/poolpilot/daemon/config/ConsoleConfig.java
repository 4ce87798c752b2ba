package io.poolpilot.daemon.config;

import java.time.Duration;

/**
 * The web console's limits ({@code control.console}): how long a ticket may wait before its WebSocket opens,
 * open consoles per token and per daemon, and how long a console may go without a key or pointer event.
 */
public record ConsoleConfig(Duration ticketTtl, int maxPerUser, int maxTotal, Duration idleTimeout) {
    public static final Duration DEFAULT_TICKET_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PER_USER = 4;
    public static final int DEFAULT_MAX_TOTAL = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);

    public ConsoleConfig {
        ticketTtl = ticketTtl == null ? DEFAULT_TICKET_TTL : ticketTtl;
        maxPerUser = maxPerUser == 0 ? DEFAULT_MAX_PER_USER : maxPerUser;
        maxTotal = maxTotal == 0 ? DEFAULT_MAX_TOTAL : maxTotal;
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        if (ticketTtl.toMillis() < 100 || ticketTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("control.console.ticketSeconds must be 0.1..300 s (a ticket is for the page"
                    + " that asked for it, right now), got " + ticketTtl);
        }
        if (maxPerUser < 1 || maxTotal < 1 || maxPerUser > maxTotal) {
            throw new IllegalArgumentException("control.console.maxPerUser must be >= 1 and <= maxTotal, got " + maxPerUser
                    + " and " + maxTotal);
        }
        if (idleTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("control.console.idleMinutes must be > 0, got " + idleTimeout);
        }
    }

    public static ConsoleConfig defaults() {
        return new ConsoleConfig(null, 0, 0, null);
    }
}
