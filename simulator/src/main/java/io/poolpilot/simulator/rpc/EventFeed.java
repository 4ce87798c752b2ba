package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.state.EventLog;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.XObject;
import io.poolpilot.simulator.state.XapiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * event.from: answers at once when events newer than the token exist, else waits (without blocking a
 * thread) until one arrives or the timeout passes. The answer's token is always read in the same
 * critical section as the events, so nothing falls between two calls.
 */
public final class EventFeed {
    /** Longest wait honoured, so a hung client cannot pin a waiter forever. */
    private static final double MAX_TIMEOUT_SECONDS = 3600;
    private final PoolState pool;
    private final Vertx vertx;

    public EventFeed(PoolState pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    public Future<Object> from(List<Object> classesArg, String token, double timeoutSeconds, Context context) {
        List<String> classes = new ArrayList<>();
        if (classesArg != null) {
            for (Object c : classesArg) {
                classes.add(String.valueOf(c).toLowerCase(Locale.ROOT));
            }
        }
        if (token.isEmpty()) {
            return Future.succeededFuture(initial(classes));
        }
        long since = EventLog.parseToken(token);
        if (since < 0) {
            throw new XapiException("EVENT_FROM_TOKEN_PARSE_FAILURE", token);
        }
        Map<String, Object> now = poll(classes, since);
        if (now != null) {
            return Future.succeededFuture(now);
        }
        Promise<Object> answer = Promise.promise();
        AtomicBoolean done = new AtomicBoolean();
        Object[] handle = new Object[1];
        long[] timer = new long[1];
        Runnable check = () -> {
            if (done.get()) {
                return;
            }
            try {
                Map<String, Object> ready = poll(classes, since);
                if (ready != null && done.compareAndSet(false, true)) {
                    pool.removeWaiter(handle[0]);
                    vertx.cancelTimer(timer[0]);
                    answer.complete(ready);
                }
            } catch (XapiException e) {
                if (done.compareAndSet(false, true)) {
                    pool.removeWaiter(handle[0]);
                    vertx.cancelTimer(timer[0]);
                    answer.fail(e);
                }
            }
        };
        handle[0] = pool.addWaiter(context, check);
        long waitMillis = (long) (Math.max(0, Math.min(MAX_TIMEOUT_SECONDS, timeoutSeconds)) * 1000);
        timer[0] = vertx.setTimer(Math.max(1, waitMillis), id -> context.runOnContext(v -> {
            if (done.compareAndSet(false, true)) {
                pool.removeWaiter(handle[0]);
                try {
                    Map<String, Object> last = poll(classes, since);
                    answer.complete(last != null ? last : emptyAnswer(classes));
                } catch (XapiException e) {
                    answer.fail(e);
                }
            }
        }));
        // An event may have landed between the first poll and registering the waiter.
        context.runOnContext(v -> check.run());
        return answer.future();
    }

    /** Events after {@code since} matching the classes, or null when there are none yet. */
    private Map<String, Object> poll(List<String> classes, long since) {
        synchronized (pool) {
            EventLog log = pool.events();
            if (!log.covers(since)) {
                throw new XapiException("EVENTS_LOST");
            }
            List<Object> events = new ArrayList<>();
            for (EventLog.Event e : log.after(since)) {
                if (matches(classes, e.eventClass(), e.ref())) {
                    events.add(wire(e));
                }
            }
            if (events.isEmpty()) {
                return null;
            }
            return answer(events, classes, log.lastId());
        }
    }

    private Map<String, Object> emptyAnswer(List<String> classes) {
        synchronized (pool) {
            return answer(List.of(), classes, pool.events().lastId());
        }
    }

    /** The first call: every current object of the classes as an "add", and the current token. */
    private Map<String, Object> initial(List<String> classes) {
        synchronized (pool) {
            List<Object> events = new ArrayList<>();
            long id = pool.events().lastId();
            for (String c : PoolState.CLASSES) {
                for (XObject o : pool.all(c)) {
                    String lc = c.toLowerCase(Locale.ROOT);
                    if (matches(classes, lc, o.ref())) {
                        events.add(wire(new EventLog.Event(id, pool.now(), lc, "add", o.ref(), o.record())));
                    }
                }
            }
            return answer(events, classes, id);
        }
    }

    private Map<String, Object> answer(List<Object> events, List<String> classes, long token) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String c : PoolState.CLASSES) {
            String lc = c.toLowerCase(Locale.ROOT);
            if (classes.contains("*") || classes.contains(lc)) {
                counts.put(lc, pool.count(c)); // Int32 in the datamodel: <i4> on the wire
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", events);
        out.put("valid_ref_counts", counts);
        out.put("token", EventLog.token(token));
        return out;
    }

    private static boolean matches(List<String> classes, String eventClass, String ref) {
        for (String c : classes) {
            if (c.equals("*") || c.equals(eventClass)) {
                return true;
            }
            int slash = c.indexOf('/');
            if (slash > 0 && c.substring(0, slash).equals(eventClass) && c.substring(slash + 1).equalsIgnoreCase(ref)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> wire(EventLog.Event e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        long millis = e.timestamp().toEpochMilli();
        out.put("timestamp", String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000));
        out.put("class", e.eventClass());
        out.put("operation", e.operation());
        out.put("ref", e.ref());
        if (e.snapshot() != null) {
            out.put("snapshot", e.snapshot());
        }
        return out;
    }
}
