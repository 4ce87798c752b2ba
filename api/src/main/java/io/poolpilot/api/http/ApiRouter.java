package io.poolpilot.api.http;

import io.poolpilot.api.auth.BearerAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The control API's Vert.x Web router, built from the OpenAPI document by {@link RouterBuilder}. Each
 * operation's route runs, in this order: the request log, the browser session if a cookie names one and
 * the body limit ({@code BodyHandler}), for every request; the bearer token or the session (401), the
 * session's CSRF token on a state-changing request (403), the role the document names (403), the contract check of
 * parameters and body (415, 400), then the resource. Every failure ends in {@link ProblemResponder}.
 */
public final class ApiRouter implements Handler<HttpServerRequest> {
    private final Router router;
    private final List<Route> routes;

    private ApiRouter(Router router, List<Route> routes) {
        this.router = router;
        this.routes = routes;
    }

    /**
     * Builds the router; fails when the document and {@code resources} (operation id to resource method)
     * do not name exactly the same operations.
     */
    public static Future<ApiRouter> build(Vertx vertx, Map<String, Function<Exchange, Future<Reply>>> resources,
                                          BearerAuthenticator authenticator, BrowserSessions sessions, int bodyLimitBytes,
                                          CursorCodec cursors, ResponseObserver observer) {
        return Contract.load(vertx).map(contract -> build(vertx, contract, resources, authenticator, sessions, bodyLimitBytes, cursors, observer));
    }

    static ApiRouter build(Vertx vertx, Contract contract, Map<String, Function<Exchange, Future<Reply>>> resources,
                           BearerAuthenticator authenticator, BrowserSessions sessions, int bodyLimitBytes, CursorCodec cursors,
                           ResponseObserver observer) {
        checkSameOperations(contract, resources.keySet());
        RouterBuilder builder = RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
        builder.rootHandler(new RequestLog(observer));
        builder.rootHandler(sessions.loader());
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes).setMergeFormAttributes(false)
                .setPreallocateBodyBuffer(false));
        AuthenticationHandler bearer = BearerAuthentication.handler(authenticator);
        RequestCheck check = new RequestCheck(contract);
        for (Route route : contract.routes()) {
            // Security and validation are ours (below), in the order the API promises and naming every bad field.
            OpenAPIRoute operation = builder.getRoute(route.operationId()).setDoSecurity(false).setDoValidation(false);
            operation.addHandler(new RouteMarker(route));
            if (route.authenticated()) {
                operation.addHandler(bearer);
                operation.addHandler(sessions.check());
                operation.addHandler(AuthorizationHandler.create(RoleBasedAuthorization.create(route.role().wire())));
            }
            operation.addHandler(check.handler(route));
            operation.addHandler(new OperationHandler(route, resources.get(route.operationId()), cursors));
        }
        Router router = builder.createRouter();
        sessions.mount(router);
        ProblemResponder problems = new ProblemResponder(contract.routes(), bodyLimitBytes);
        router.route().failureHandler(problems);
        router.errorHandler(404, problems);
        router.errorHandler(405, problems);
        router.errorHandler(500, problems);
        return new ApiRouter(router, contract.routes());
    }

    /** Leaves the matched operation on the request; first on its route, so a platform handler. */
    private record RouteMarker(Route route) implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            ctx.put(RequestKeys.ROUTE, route);
            ctx.next();
        }
    }

    private static void checkSameOperations(Contract contract, Set<String> served) {
        Set<String> declared = new TreeSet<>(contract.routes().stream().map(Route::operationId).toList());
        Set<String> notServed = new TreeSet<>(declared);
        notServed.removeAll(served);
        Set<String> notDeclared = new TreeSet<>(served);
        notDeclared.removeAll(declared);
        if (!notServed.isEmpty() || !notDeclared.isEmpty()) {
            throw new IllegalStateException("the API's code and " + Contract.RESOURCE + " disagree: declared but served by no resource "
                    + notServed + ", served but not declared " + notDeclared);
        }
    }

    /** The operations of the document, each served by a route of this router. */
    public List<Route> routes() {
        return routes;
    }

    /** The Vert.x Web router itself. */
    public Router router() {
        return router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        router.handle(request);
    }
}
