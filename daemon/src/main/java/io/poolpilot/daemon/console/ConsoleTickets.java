package io.poolpilot.daemon.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console tickets: 256 random bits, good for one WebSocket within their time to live, then gone. Kept in memory
 * only (a restart voids them, which costs a page a new ticket). Thread-safe.
 */
final class ConsoleTickets {
    /** What a ticket lets its holder open. */
    record Grant(String vmUuid, String vmName, String poolId, String actor, Instant expiresAt) {
    }

    /** Why a ticket was not accepted. */
    enum Rejection { UNKNOWN, EXPIRED }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    ConsoleTickets(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    String issue(String vmUuid, String vmName, String poolId, String actor) {
        purgeExpired();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(ticket, new Grant(vmUuid, vmName, poolId, actor, clock.instant().plus(ttl)));
        return ticket;
    }

    Grant grant(String ticket) {
        return grants.get(ticket);
    }

    /** Takes the ticket out (single use): the grant, or why not. A used ticket is as unknown as a made-up one. */
    Result redeem(String ticket) {
        Grant grant = ticket == null ? null : grants.remove(ticket);
        if (grant == null) {
            return new Result(Optional.empty(), Rejection.UNKNOWN);
        }
        if (!clock.instant().isBefore(grant.expiresAt())) {
            return new Result(Optional.empty(), Rejection.EXPIRED);
        }
        return new Result(Optional.of(grant), null);
    }

    record Result(Optional<Grant> grant, Rejection rejection) {
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        for (Iterator<Grant> it = grants.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}
