package io.poolpilot.simulator.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One pool's sessions, expiring as xapi's do (ocaml/xapi/db_gc_util.ml, xapi_globs.ml): a session idle
 * longer than {@code inactive_session_timeout} (24 h by default) is destroyed, and an originator that
 * holds more than 500 sessions loses its least recently used one. Time is the pool's simulated clock.
 * Guarded by the pool's monitor (every method is called under it).
 */
public final class SessionTable {
    /** xapi_globs.inactive_session_timeout. */
    public static final Duration XAPI_IDLE_LIMIT = Duration.ofHours(24);
    /** xapi_globs.max_sessions_per_originator. */
    public static final int MAX_PER_ORIGINATOR = 500;

    private final String password;
    private final Supplier<Instant> clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Instant> lastActive = new HashMap<>();
    private Duration idleLimit = XAPI_IDLE_LIMIT;

    SessionTable(String password, Supplier<Instant> clock) {
        this.password = password;
        this.clock = clock;
    }

    /** Changes the idle limit (tests and scenarios that want sessions to expire sooner). */
    public void idleLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the session idle limit must be positive but was " + limit);
        }
        idleLimit = limit;
    }

    boolean credentialsValid(String user, String pass) {
        return "root".equals(user) && password.equals(pass);
    }

    Session login(String user, String pass, String originator, String[] ids) {
        if (!credentialsValid(user, pass)) {
            throw new XapiException("SESSION_AUTHENTICATION_FAILED", String.valueOf(user), "Authentication failure");
        }
        Instant now = clock.get();
        expireIdle(now);
        Session s = new Session(ids[0], ids[1], user, originator, now);
        sessions.put(s.ref(), s);
        lastActive.put(s.ref(), now);
        evictOverLimit(originator);
        return s;
    }

    /** The session, its last_active refreshed; SESSION_INVALID when unknown, logged out or expired. */
    Session require(Object ref) {
        Session s = ref instanceof String r ? sessions.get(r) : null;
        Instant now = clock.get();
        if (s != null && expired(s.ref(), now)) {
            remove(s.ref());
            s = null;
        }
        if (s == null) {
            throw new XapiException("SESSION_INVALID", String.valueOf(ref));
        }
        lastActive.put(s.ref(), now);
        return s;
    }

    boolean valid(String ref) {
        return ref != null && sessions.containsKey(ref) && !expired(ref, clock.get());
    }

    /** When the session last made a call (session.get_last_active). */
    public Instant lastActive(String ref) {
        return lastActive.getOrDefault(ref, Instant.EPOCH);
    }

    void remove(String ref) {
        sessions.remove(ref);
        lastActive.remove(ref);
    }

    void clear() {
        sessions.clear();
        lastActive.clear();
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(String ref, Instant now) {
        Instant last = lastActive.get(ref);
        return last != null && Duration.between(last, now).compareTo(idleLimit) > 0;
    }

    private void expireIdle(Instant now) {
        List<String> idle = new ArrayList<>();
        for (String ref : sessions.keySet()) {
            if (expired(ref, now)) {
                idle.add(ref);
            }
        }
        idle.forEach(this::remove);
    }

    private void evictOverLimit(String originator) {
        List<String> mine = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.originator().equals(originator)) {
                mine.add(s.ref());
            }
        }
        if (mine.size() > MAX_PER_ORIGINATOR) {
            mine.sort((a, b) -> lastActive.get(a).compareTo(lastActive.get(b)));
            mine.subList(0, mine.size() - MAX_PER_ORIGINATOR).forEach(this::remove);
        }
    }
}
