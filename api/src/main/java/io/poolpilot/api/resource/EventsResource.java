package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Json;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.port.EventStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * {@code GET /v1/events}: Server-Sent Events from the {@link EventStream} port, a comment line as
 * heartbeat every interval, and Last-Event-ID resume when the port can replay. A client that cannot
 * keep up is disconnected (it reconnects with Last-Event-ID) rather than buffered without bound.
 */
public final class EventsResource {
    public static final String MEDIA_TYPE = "text/event-stream";
    /** Sent when a client asked to resume but the port could not replay: refetch state. */
    public static final String RESET_EVENT = "stream.reset";
    static final int MAX_PENDING = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventsResource.class);

    private final EventStream events;
    private final Duration heartbeat;

    public EventsResource(EventStream events, Duration heartbeat) {
        this.events = events;
        this.heartbeat = heartbeat;
    }

    public Future<Reply> stream(Exchange ex) {
        ex.allowQuery();
        String lastEventId = ex.header("Last-Event-ID");
        if (lastEventId != null && (lastEventId.isEmpty() || lastEventId.length() > 128)) {
            throw Violations.single("header", "Last-Event-ID", "must be 1-128 characters, as sent in an event's id");
        }
        Connection connection = new Connection(ex.vertx(), ex.context(), ex.request().response(), ex.requestId());
        return events.subscribe(lastEventId, connection::offer).compose(subscription -> {
            // The port may answer on its own thread; the response belongs to the connection's event loop.
            Promise<Reply> opened = Promise.promise();
            ex.context().runOnContext(v -> {
                connection.open(subscription, lastEventId != null && !subscription.resumed(), heartbeat);
                opened.complete(Reply.detached());
            });
            return opened.future();
        });
    }

    /** One SSE client; every write happens on the connection's own context. */
    private static final class Connection {
        private final Vertx vertx;
        private final Context context;
        private final HttpServerResponse response;
        private final String requestId;
        private final ArrayDeque<ServerEvent> pending = new ArrayDeque<>();
        private boolean open;
        private boolean closed;
        private long timerId = -1;
        private EventStream.Subscription subscription;

        Connection(Vertx vertx, Context context, HttpServerResponse response, String requestId) {
            this.vertx = vertx;
            this.context = context;
            this.response = response;
            this.requestId = requestId;
        }

        void offer(ServerEvent event) {
            context.runOnContext(v -> {
                if (closed) {
                    return;
                }
                if (!open) {
                    if (pending.size() >= MAX_PENDING) {
                        drop("more than " + MAX_PENDING + " events before the stream opened");
                        return;
                    }
                    pending.add(event);
                } else {
                    write(event);
                }
            });
        }

        void open(EventStream.Subscription sub, boolean resumeFailed, Duration heartbeat) {
            this.subscription = sub;
            if (response.closed()) {
                close(); // the client left while we subscribed
                return;
            }
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader("X-Accel-Buffering", "no")
                    .putHeader("X-Request-Id", requestId);
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            // retry: tells EventSource how long to wait before reconnecting.
            response.write(": poolpilot events\nretry: 3000\n\n");
            open = true;
            if (resumeFailed) {
                write(RESET_EVENT, null, Json.encode(Map.of("reason", "cannot replay after Last-Event-ID; refetch state")));
            }
            while (!pending.isEmpty() && !closed) {
                write(pending.poll());
            }
            timerId = vertx.setPeriodic(heartbeat.toMillis(), id -> {
                if (!closed) {
                    response.write(": heartbeat\n\n");
                }
            });
        }

        private void write(ServerEvent event) {
            write(event.type(), event.id(), Json.encode(event));
        }

        private void write(String type, String id, Buffer json) {
            if (response.writeQueueFull()) {
                drop("write queue full");
                return;
            }
            StringBuilder frame = new StringBuilder();
            if (id != null) {
                frame.append("id: ").append(id).append('\n');
            }
            frame.append("event: ").append(type).append('\n');
            // Jackson writes one line; data: still must not carry a raw line break.
            frame.append("data: ").append(json.toString(StandardCharsets.UTF_8).replace("\n", "\\n")).append("\n\n");
            response.write(frame.toString());
        }

        private void drop(String why) {
            LOG.warn("event=sse_client_dropped requestId={} reason=\"{}\"", requestId, why);
            close();
            response.reset();
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
