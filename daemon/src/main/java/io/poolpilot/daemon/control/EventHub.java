package io.poolpilot.daemon.control;

import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.port.EventStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon's live updates (plan state and progress, inventory changes) for SSE clients: events get
 * increasing ids and the last {@code capacity} are kept so a client that reconnects with Last-Event-ID
 * gets what it missed.
 */
public final class EventHub implements EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final Clock clock;
    private final int capacity;
    private final Deque<ServerEvent> recent = new ArrayDeque<>();
    private final List<Handler<ServerEvent>> sinks = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    public EventHub(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event capacity must be >= 1, got " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * Publishes one event to every subscriber; a failing subscriber is logged, not fatal. Delivery happens
     * under the hub's lock (sinks only hand the event to an event loop), so every subscriber sees ids in order.
     */
    public synchronized void publish(String type, Map<String, Object> data) {
        ServerEvent event = new ServerEvent(Long.toString(nextId++), type, clock.instant(), data);
        recent.addLast(event);
        if (recent.size() > capacity) {
            recent.removeFirst();
        }
        for (Handler<ServerEvent> sink : sinks) {
            try {
                sink.handle(event);
            } catch (RuntimeException e) {
                log.warn("event=sse_sink_failed type={} error=\"{}\"", type, e.toString());
            }
        }
    }

    @Override
    public Future<Subscription> subscribe(String lastEventId, Handler<ServerEvent> sink) {
        List<ServerEvent> replay = new ArrayList<>();
        boolean resumed;
        synchronized (this) {
            resumed = lastEventId == null || replayAfter(lastEventId, replay);
            replay.forEach(sink::handle);
            sinks.add(sink);
        }
        boolean answer = lastEventId != null && resumed;
        return Future.succeededFuture(new Subscription() {
            @Override
            public boolean resumed() {
                return answer;
            }

            @Override
            public void cancel() {
                sinks.remove(sink);
            }
        });
    }

    private boolean replayAfter(String lastEventId, List<ServerEvent> out) {
        long after;
        try {
            after = Long.parseLong(lastEventId);
        } catch (NumberFormatException e) {
            return false;
        }
        if (after >= nextId) {
            return false; // an id from another daemon or an earlier run
        }
        ServerEvent oldest = recent.peekFirst();
        if (oldest != null && Long.parseLong(oldest.id()) > after + 1) {
            return false; // the events in between are gone
        }
        for (ServerEvent e : recent) {
            if (Long.parseLong(e.id()) > after) {
                out.add(e);
            }
        }
        return true;
    }
}
