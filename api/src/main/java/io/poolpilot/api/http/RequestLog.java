package io.poolpilot.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The first handler of every request (a platform handler: Vert.x Web runs those before all others): gives it an id ({@code X-Request-Id}), marks the answer
 * {@code no-store}, tells the observer the status once headers go out, and writes one access-log line at the end
 * (logger {@value #ACCESS_LOGGER}, DEBUG; never the Authorization header or the body).
 */
public final class RequestLog implements PlatformHandler {
    /** The access log: one line per request at DEBUG, off unless config/logback.xml turns it on. */
    public static final String ACCESS_LOGGER = "poolpilot.access";
    private static final Logger LOG = LoggerFactory.getLogger(ACCESS_LOGGER);

    private final ResponseObserver observer;

    RequestLog(ResponseObserver observer) {
        this.observer = observer;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        ctx.put(RequestKeys.REQUEST_ID, requestId);
        ctx.put(RequestKeys.START_NANOS, start);
        ctx.response().putHeader("X-Request-Id", requestId).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String method = ctx.request().method().name();
        ctx.addHeadersEndHandler(v -> observer.observed(ctx.get(RequestKeys.ROUTE), method, ctx.response().getStatusCode(),
                ctx.response().headers().get(HttpHeaders.CONTENT_TYPE)));
        ctx.addEndHandler(v -> {
            if (!LOG.isDebugEnabled()) {
                return;
            }
            Route route = ctx.get(RequestKeys.ROUTE);
            LOG.debug("event=http_request requestId={} method={} route={} status={} actor={} ms={}", requestId, method,
                    route == null ? "-" : route.path(), ctx.response().getStatusCode(), ctx.get(RequestKeys.ACTOR, "-"),
                    (System.nanoTime() - start) / 1_000_000);
        });
        ctx.next();
    }
}
