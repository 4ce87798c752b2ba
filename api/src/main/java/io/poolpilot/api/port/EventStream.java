package io.poolpilot.api.port;

import io.poolpilot.api.model.ServerEvent;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * Live updates (plan progress, plan state, inventory changes) for SSE clients. {@code sink} may be
 * called from any thread; the API hops to the connection's event loop. With a non-null
 * {@code lastEventId} the stream first replays what followed that event, if it still can.
 */
public interface EventStream {
    Future<Subscription> subscribe(String lastEventId, Handler<ServerEvent> sink);

    /** A live subscription. */
    interface Subscription {
        /** True when the events after the requested Last-Event-ID were (or will be) replayed. */
        boolean resumed();

        void cancel();
    }
}
