package io.poolpilot.api.http;

import io.poolpilot.api.auth.Principal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * THE failure handler: every refusal and every error of the API, wherever it arose (no route, the
 * body limit, authentication, authorization, the contract check, a resource, a port), becomes one
 * {@code application/problem+json} document with a stable {@code type}.
 */
final class ProblemResponder implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
    /** A too-large body up to this size is read and dropped so the client sees the 413; beyond it we close. */
    static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final List<Route> routes;
    private final Map<Route, Pattern> templates;
    private final int bodyLimitBytes;

    ProblemResponder(List<Route> routes, int bodyLimitBytes) {
        this.routes = routes;
        this.bodyLimitBytes = bodyLimitBytes;
        this.templates = new java.util.HashMap<>();
        routes.forEach(r -> templates.put(r, Pattern.compile(Pattern.quote(r.path()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"))));
    }

    @Override
    public void handle(RoutingContext ctx) {
        ApiException known = known(ctx);
        String requestId = ctx.get(RequestKeys.REQUEST_ID, "-");
        if (known == null) {
            Route route = ctx.get(RequestKeys.ROUTE);
            LOG.error("event=request_failed requestId={} method={} route={} status={}", requestId, ctx.request().method(),
                    route == null ? "-" : route.path(), ctx.statusCode(), ctx.failure());
            known = ApiException.of(ProblemType.INTERNAL, "unexpected error; quote request id " + requestId);
        } else if (ctx.failure() instanceof io.poolpilot.api.port.PortFailure.Unavailable unavailable
                && unavailable.internalDetail() != null) {
            // The client reads a sentence; the address or driver message behind it stays here, under the request id.
            LOG.warn("event=request_unavailable requestId={} route={} detail=\"{}\"", requestId,
                    routeOf(ctx), unavailable.internalDetail());
        }
        Problem problem = known.problem().at(ctx.request().path()).with("requestId", requestId);
        if (problem.status() == 413) {
            dropUnreadBody(ctx);
        }
        ReplyWriter.send(ctx, new Reply(problem.status(), known.headers(), problem, null, ProblemType.MEDIA_TYPE));
    }

    private static String routeOf(RoutingContext ctx) {
        Route route = ctx.get(RequestKeys.ROUTE);
        return route == null ? "-" : route.path();
    }

    private ApiException known(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) {
            if (http.getCause() instanceof ApiException api) {
                return api;
            }
            status = http.getStatusCode();
            failure = null;
        }
        if (failure != null) {
            return Failures.known(failure);
        }
        HttpServerRequest request = ctx.request();
        return switch (status) {
            case 401 -> new ApiException(Problem.of(ProblemType.UNAUTHENTICATED, "send Authorization: Bearer <token>"),
                    Map.of("WWW-Authenticate", BearerAuthentication.REALM));
            case 403 -> forbidden(ctx);
            case 404 -> ApiException.of(ProblemType.NOT_FOUND, "no resource at " + Exchange.abbreviate(request.path()));
            case 405 -> methodNotAllowed(request);
            case 413 -> new ApiException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the body is " + size(request)
                    + "; the limit is " + bodyLimitBytes + " bytes").with("limitBytes", bodyLimitBytes));
            case 400 -> ApiException.of(ProblemType.MALFORMED_JSON, "the body cannot be read");
            default -> null;
        };
    }

    private static ApiException forbidden(RoutingContext ctx) {
        Principal principal = ctx.get(RequestKeys.PRINCIPAL);
        Route route = ctx.get(RequestKeys.ROUTE);
        if (principal == null || route == null) {
            return ApiException.of(ProblemType.FORBIDDEN, "this token may not do this");
        }
        return ApiException.of(ProblemType.FORBIDDEN, "token '" + principal.name() + "' has roles "
                + principal.roles().stream().map(r -> r.wire()).sorted().toList() + "; "
                + route.method().name() + " " + route.path() + " needs " + route.role().wire());
    }

    private ApiException methodNotAllowed(HttpServerRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (templates.get(route).matcher(request.path()).matches()) {
                allowed.add(route.method().name());
            }
        }
        String allow = String.join(", ", allowed.stream().sorted().toList());
        return new ApiException(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                request.method().name() + " is not allowed here; allowed: " + allow), Map.of("Allow", allow));
    }

    private String size(HttpServerRequest request) {
        long declared = declaredLength(request);
        return declared > bodyLimitBytes ? declared + " bytes" : "more than " + bodyLimitBytes + " bytes";
    }

    /** Drops what the client still sends so it can read the 413; closes instead when that is too much, or never sent. */
    private static void dropUnreadBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (expectsContinue || declaredLength(request) > DRAIN_LIMIT_BYTES) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.addEndHandler(v -> request.connection().close());
        } else {
            request.handler(ignored -> {
            });
            request.resume();
        }
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
}
