package io.poolpilot.daemon.console;

import java.util.HashMap;
import java.util.Map;

/** Open consoles per token and per daemon; a slot is taken when a WebSocket is accepted and given back when it closes. */
final class ConsoleLimits {
    static final String PER_TOKEN = "consoles-per-token";
    static final String PER_DAEMON = "consoles-per-daemon";

    private final int maxPerUser;
    private final int maxTotal;
    private final Map<String, Integer> byActor = new HashMap<>();
    private int total;

    ConsoleLimits(int maxPerUser, int maxTotal) {
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
    }

    /** The limit that would be exceeded by one more console for {@code actor}, or null when there is room. */
    synchronized String check(String actor) {
        if (total >= maxTotal) {
            return PER_DAEMON;
        }
        return byActor.getOrDefault(actor, 0) >= maxPerUser ? PER_TOKEN : null;
    }

    /** Takes a slot: null when taken, else the limit that refused it. */
    synchronized String acquire(String actor) {
        String refused = check(actor);
        if (refused == null) {
            total++;
            byActor.merge(actor, 1, Integer::sum);
        }
        return refused;
    }

    synchronized void release(String actor) {
        total--;
        byActor.computeIfPresent(actor, (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int open() {
        return total;
    }

    String describe(String limit) {
        return limit.equals(PER_DAEMON)
                ? "this daemon already has " + maxTotal + " consoles open (control.console.maxTotal); close one or retry later"
                : "this token already has " + maxPerUser + " consoles open (control.console.maxPerUser); close one first";
    }
}
