package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.poolpilot.api.auth.AuthOutcome;
import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.auth.Principal;
import io.poolpilot.api.model.IllegalTransitionException;
import io.poolpilot.api.port.PortFailure;
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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Dispatches requests over the route table: match, authenticate, authorise, read a bounded body, call
 * the handler, and turn every failure into a problem document. The order is fixed: 404/405, then
 * 401/403, then 413/415/400, then the handler.
 */
public final class Router implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** A too-large body up to this size is read and dropped so the client sees the 413; beyond it we close. */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    private static final String REALM = "Bearer realm=\"poolpilot\"";

    private final Vertx vertx;
    private final List<Route> routes;
    private final BearerAuthenticator authenticator;
    private final int bodyLimitBytes;
    private final CursorCodec cursors;
    private final ResponseObserver observer;

    public Router(Vertx vertx, List<Route> routes, BearerAuthenticator authenticator, int bodyLimitBytes,
                  CursorCodec cursors, ResponseObserver observer) {
        this.vertx = vertx;
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.bodyLimitBytes = bodyLimitBytes;
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

    /** Per-request state the router needs for logging and connection handling. */
    private static final class Call {
        final HttpServerRequest request;
        final String requestId = UUID.randomUUID().toString();
        final long startNanos = System.nanoTime();
        Route route;
        String actor = "-";
        boolean bodyConsumed;
        boolean closeAfterResponse;

        Call(HttpServerRequest request) {
            this.request = request;
        }
    }

    @Override
    public void handle(HttpServerRequest request) {
        // Paused until we know the caller may send a body at all; nothing is lost meanwhile.
        request.pause();
        Call call = new Call(request);
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
        authenticate(call)
                .compose(principal -> readBody(call).map(body -> new Exchange(vertx, request, route, pathParams, principal,
                        body, cursors, call.requestId)))
                .compose(exchange -> invoke(route, exchange))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        send(call, done.result());
                    } else {
                        fail(call, done.cause());
                    }
                });
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

    /** Reads at most the body limit; a JSON object for routes that take one, null when the body is empty. */
    private Future<ObjectNode> readBody(Call call) {
        HttpServerRequest request = call.request;
        long declared = declaredLength(request);
        if (declared > bodyLimitBytes) {
            call.closeAfterResponse = declared > DRAIN_LIMIT_BYTES || expectsContinue(request);
            return Future.failedFuture(tooLarge(declared + " bytes"));
        }
        if (expectsContinue(request)) {
            request.response().writeContinue();
        }
        call.bodyConsumed = true;
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        request.handler(chunk -> {
            if (received.length() + chunk.length() > bodyLimitBytes) {
                if (body.tryFail(tooLarge("more than " + bodyLimitBytes + " bytes"))) {
                    call.closeAfterResponse = true; // chunked and endless for all we know
                }
            } else if (!body.future().isComplete()) {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> body.tryComplete(received));
        request.exceptionHandler(body::tryFail);
        request.resume();
        return body.future().map(bytes -> call.route.jsonBody() ? parseJson(request, bytes) : null);
    }

    private ApiException tooLarge(String size) {
        return new ApiException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the body is " + size + "; the limit is "
                + bodyLimitBytes + " bytes").with("limitBytes", bodyLimitBytes));
    }

    private static ObjectNode parseJson(HttpServerRequest request, Buffer bytes) {
        if (bytes.length() == 0) {
            return null;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!Json.MEDIA_TYPE.equals(media)) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json, got '"
                    + Exchange.abbreviate(contentType) + "'");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes.getBytes());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body cannot be read as JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body must be a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    private static long declaredLength(HttpServerRequest request) {
        String text = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    }

    private void fail(Call call, Throwable failure) {
        Problem problem;
        Map<String, String> headers = Map.of();
        switch (failure) {
            case ApiException api -> {
                problem = api.problem();
                headers = api.headers();
            }
            case PortFailure.NotFound notFound -> problem = Problem.of(ProblemType.NOT_FOUND, notFound.getMessage());
            case PortFailure.VersionMismatch stale -> {
                problem = Problem.of(ProblemType.VERSION_MISMATCH, stale.getMessage() + "; read it again and retry")
                        .with("currentVersion", stale.currentVersion());
                headers = Map.of("ETag", ETags.of(stale.currentVersion()));
            }
            case PortFailure.PoolDrifted drifted -> problem = Problem.of(ProblemType.POOL_DRIFTED,
                    drifted.getMessage() + "; request a new plan").with("changes", drifted.changes());
            case PortFailure.Unavailable unavailable -> {
                problem = Problem.of(ProblemType.UNAVAILABLE, unavailable.getMessage());
                headers = Map.of("Retry-After", "5");
            }
            case IllegalTransitionException illegal -> problem = Problem.of(ProblemType.ILLEGAL_TRANSITION, illegal.getMessage())
                    .with("state", illegal.from().wire())
                    .with("requested", illegal.to().wire())
                    .with("allowed", illegal.from().next().stream().map(s -> s.wire()).sorted().toList());
            default -> {
                LOG.error("event=request_failed requestId={} method={} route={}", call.requestId, call.request.method(),
                        call.route == null ? "-" : call.route.path(), failure);
                problem = Problem.of(ProblemType.INTERNAL, "unexpected error; quote request id " + call.requestId);
            }
        }
        Reply reply = new Reply(problem.status(), headers, problem.at(call.request.path()).with("requestId", call.requestId),
                null, ProblemType.MEDIA_TYPE);
        send(call, reply);
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

    /** Routes in table order, for the OpenAPI coverage test and docs. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Route r : routes) {
            lines.add(r.method().name() + " " + r.path() + " " + (r.role() == null ? "public" : r.role().wire()));
        }
        return lines;
    }
}
