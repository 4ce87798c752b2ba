package io.poolpilot.api.http;

import io.poolpilot.api.auth.AuthOutcome;
import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dispatches requests over the route table: match, authenticate, authorise, read a bounded body, call
 * the handler, and turn every failure into a problem document. The order is fixed: 404/405, then
 * 401/403, then 413/415/400, then the handler.
 */
public final class Router implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String REALM = "Bearer realm=\"poolpilot\"";

    private final Vertx vertx;
    private final List<Route> routes;
    private final BearerAuthenticator authenticator;
    private final BoundedBody body;
    private final CursorCodec cursors;
    private final ResponseObserver observer;

    public Router(Vertx vertx, List<Route> routes, BearerAuthenticator authenticator, int bodyLimitBytes,
                  CursorCodec cursors, ResponseObserver observer) {
        this.vertx = vertx;
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.body = new BoundedBody(bodyLimitBytes);
        this.cursors = cursors;
        this.observer = observer;
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method().name() + " " + r.path())) {
                throw new IllegalArgumentException("route declared twice: " + r.method() + " " + r.path());
            }
        }
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        // Paused until we know the caller may send a body at all; nothing is lost meanwhile.
        request.pause();
        Call call = new Call(request, vertx.getOrCreateContext());
        try {
            dispatch(call);
        } catch (RuntimeException e) {
            fail(call, e);
        }
    }

    private void dispatch(Call call) {
        HttpServerRequest request = call.request;
        List<String> segments = List.of(request.path().substring(1).split("/", -1));
        Set<String> allowed = new LinkedHashSet<>();
        Map<String, String> params = null;
        for (Route candidate : routes) {
            Map<String, String> match = candidate.match(segments);
            if (match != null) {
                allowed.add(candidate.method().name());
                if (candidate.method().equals(request.method()) && call.route == null) {
                    call.route = candidate;
                    params = match;
                }
            }
        }
        if (call.route == null) {
            if (allowed.isEmpty()) {
                throw ApiException.of(ProblemType.NOT_FOUND, "no resource at " + Exchange.abbreviate(request.path()));
            }
            throw new ApiException(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                    request.method().name() + " is not allowed here; allowed: " + String.join(", ", allowed)),
                    Map.of("Allow", String.join(", ", allowed)));
        }
        Route route = call.route;
        Map<String, String> pathParams = params;
        // Ports may complete on their own threads; every step after one runs back on the request's event loop.
        onRequestContext(call, authenticate(call))
                .compose(principal -> body.read(call).map(body -> new Exchange(vertx, call.context, request, route, pathParams,
                        principal, body, cursors, call.requestId)))
                .compose(exchange -> onRequestContext(call, invoke(route, exchange)))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        send(call, done.result());
                    } else {
                        fail(call, done.cause());
                    }
                });
    }

    private static <T> Future<T> onRequestContext(Call call, Future<T> future) {
        Promise<T> local = Promise.promise();
        future.onComplete(result -> {
            if (Vertx.currentContext() == call.context) {
                local.handle(result);
            } else {
                call.context.runOnContext(v -> local.handle(result));
            }
        });
        return local.future();
    }

    /** Input problems thrown while a handler parses its request are the caller's fault (400), not ours. */
    private static Future<Reply> invoke(Route route, Exchange exchange) {
        Future<Reply> reply;
        try {
            reply = route.handler().apply(exchange);
        } catch (IllegalArgumentException invalidInput) {
            return Future.failedFuture(new ApiException(Problem.of(ProblemType.VALIDATION, invalidInput.getMessage())));
        }
        return reply;
    }

    private Future<Principal> authenticate(Call call) {
        Route route = call.route;
        if (!route.authenticated()) {
            return Future.succeededFuture(null);
        }
        return authenticator.authenticate(call.request.getHeader(HttpHeaders.AUTHORIZATION)).map(outcome -> switch (outcome) {
            case AuthOutcome.Missing missing -> throw unauthenticated(REALM,
                    "send Authorization: Bearer <token>");
            case AuthOutcome.Unknown unknown -> throw unauthenticated(
                    REALM + ", error=\"invalid_token\", error_description=\"unknown token\"", "the bearer token is not known");
            case AuthOutcome.Revoked revoked -> {
                call.actor = revoked.name();
                LOG.info("event=revoked_token_used token_name={} requestId={}", revoked.name(), call.requestId);
                throw unauthenticated(REALM + ", error=\"invalid_token\", error_description=\"token revoked\"",
                        "the bearer token was revoked");
            }
            case AuthOutcome.Authenticated authenticated -> {
                Principal principal = authenticated.principal();
                call.actor = principal.name();
                if (!principal.mayAct(route.role())) {
                    throw ApiException.of(ProblemType.FORBIDDEN, "token '" + principal.name() + "' has roles "
                            + principal.roles().stream().map(r -> r.wire()).sorted().toList() + "; "
                            + route.method().name() + " " + route.path() + " needs " + route.role().wire());
                }
                yield principal;
            }
        });
    }

    private static ApiException unauthenticated(String challenge, String detail) {
        return new ApiException(Problem.of(ProblemType.UNAUTHENTICATED, detail), Map.of("WWW-Authenticate", challenge));
    }

    private void fail(Call call, Throwable failure) {
        ApiException known = Failures.known(failure);
        if (known == null) {
            LOG.error("event=request_failed requestId={} method={} route={}", call.requestId, call.request.method(),
                    call.route == null ? "-" : call.route.path(), failure);
            known = ApiException.of(ProblemType.INTERNAL, "unexpected error; quote request id " + call.requestId);
        }
        Problem problem = known.problem().at(call.request.path()).with("requestId", call.requestId);
        send(call, new Reply(problem.status(), known.headers(), problem, null, ProblemType.MEDIA_TYPE));
    }

    private void send(Call call, Reply reply) {
        HttpServerRequest request = call.request;
        String method = request.method().name();
        if (reply.isDetached()) {
            observer.observed(call.route, method, request.response().getStatusCode(), request.response().headers().get(HttpHeaders.CONTENT_TYPE));
            log(call, request.response().getStatusCode());
            return;
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        response.putHeader("X-Request-Id", call.requestId);
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        reply.headers().forEach(response::putHeader);
        Buffer payload = reply.raw() != null ? reply.raw() : reply.body() != null ? Json.encode(reply.body()) : null;
        if (payload != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        }
        if (!call.bodyConsumed && !call.closeAfterResponse) {
            // Early answers (404, 401, 413 ...) drop what the client still sends so it can read the answer.
            request.handler(ignored -> {
            });
            request.resume();
        }
        Future<Void> ended = payload == null ? response.end() : response.end(payload);
        if (call.closeAfterResponse) {
            ended.onComplete(x -> request.connection().close());
        }
        observer.observed(call.route, method, reply.status(), payload == null ? null : reply.contentType());
        log(call, reply.status());
    }

    private static void log(Call call, int status) {
        // One line per request; never the Authorization header or the body.
        LOG.info("event=http_request requestId={} method={} route={} status={} actor={} ms={}", call.requestId,
                call.request.method().name(), call.route == null ? "-" : call.route.path(), status, call.actor,
                (System.nanoTime() - call.startNanos) / 1_000_000);
    }
}
