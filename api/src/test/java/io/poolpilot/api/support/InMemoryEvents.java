package io.poolpilot.api.support;

import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.port.EventStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event so subscribers can resume after any id still held; delivers on the publisher's thread. */
public final class InMemoryEvents implements EventStream {
    private final List<ServerEvent> history = new CopyOnWriteArrayList<>();
    private final List<Handler<ServerEvent>> sinks = new CopyOnWriteArrayList<>();

    public synchronized void publish(ServerEvent event) {
        history.add(event);
        sinks.forEach(s -> s.handle(event));
    }

    public int subscribers() {
        return sinks.size();
    }

    @Override
    public synchronized Future<Subscription> subscribe(String lastEventId, Handler<ServerEvent> sink) {
        boolean resumed = false;
        if (lastEventId != null) {
            List<ServerEvent> replay = new ArrayList<>();
            boolean found = false;
            for (ServerEvent e : history) {
                if (found) {
                    replay.add(e);
                }
                found |= e.id().equals(lastEventId);
            }
            if (found) {
                replay.forEach(sink::handle);
                resumed = true;
            }
        }
        sinks.add(sink);
        boolean wasResumed = resumed;
        return Future.succeededFuture(new Subscription() {
            @Override
            public boolean resumed() {
                return wasResumed;
            }

            @Override
            public void cancel() {
                sinks.remove(sink);
            }
        });
    }
}
