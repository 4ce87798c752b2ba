package io.poolpilot.simulator.rpc;

import io.poolpilot.simulator.state.EventLog;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.XapiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * XAPI's older event API, still used by XenCenter-era clients: event.register(classes) subscribes the
 * session, event.next blocks until events of those classes arrive since the last call and answers them
 * as an array, event.unregister drops classes. Built on {@link EventFeed}, so both APIs see one log.
 */
final class LegacyEvents {
    /** How long one event.next waits before answering an empty array (xapi holds the call open). */
    private static final double NEXT_WAIT_SECONDS = 30;
    private final PoolState pool;
    private final EventFeed feed;
    /** Per session: classes subscribed and the id of the last event delivered. */
    private final Map<String, Subscription> subscriptions = new HashMap<>();

    private static final class Subscription {
        final Set<String> classes = new LinkedHashSet<>();
        long lastId;
    }

    LegacyEvents(PoolState pool, EventFeed feed) {
        this.pool = pool;
        this.feed = feed;
    }

    void register(Dispatcher d) {
        d.register("event.register", 2, c -> {
            synchronized (pool) {
                Subscription s = subscriptions.computeIfAbsent(c.session().ref(), k -> {
                    Subscription fresh = new Subscription();
                    fresh.lastId = pool.events().lastId();
                    return fresh;
                });
                for (Object cls : PoolApi.list(c.arg(1))) {
                    s.classes.add(cls.toString().toLowerCase(java.util.Locale.ROOT));
                }
                return null;
            }
        });
        d.register("event.unregister", 2, c -> {
            synchronized (pool) {
                Subscription s = subscriptions.get(c.session().ref());
                if (s != null) {
                    PoolApi.list(c.arg(1)).forEach(cls -> s.classes.remove(cls.toString().toLowerCase(java.util.Locale.ROOT)));
                }
                return null;
            }
        });
        d.register("event.next", 1, c -> {
            Subscription s;
            List<Object> classes;
            long since;
            synchronized (pool) {
                s = subscriptions.get(c.session().ref());
                if (s == null) {
                    throw new XapiException("SESSION_NOT_REGISTERED", c.session().ref());
                }
                classes = new ArrayList<>(s.classes);
                since = s.lastId;
            }
            return feed.from(classes, EventLog.token(since), NEXT_WAIT_SECONDS, c.context()).map(answer -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> batch = (Map<String, Object>) answer;
                synchronized (pool) {
                    s.lastId = EventLog.parseToken(String.valueOf(batch.get("token")));
                }
                return batch.get("events");
            });
        });
        d.register("event.get_current_id", 1, c -> {
            synchronized (pool) {
                return Long.toString(pool.events().lastId());
            }
        });
    }
}
