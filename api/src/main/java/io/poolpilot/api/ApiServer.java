package io.poolpilot.api;

import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.http.CursorCodec;
import io.poolpilot.api.http.ResponseObserver;
import io.poolpilot.api.http.ApiRouter;
import io.poolpilot.api.http.BrowserSessions;
import io.poolpilot.api.resource.AccountResource;
import io.poolpilot.api.resource.AlertResource;
import io.poolpilot.api.resource.ConsoleResource;
import io.poolpilot.api.resource.Auditor;
import io.poolpilot.api.resource.EventsResource;
import io.poolpilot.api.resource.HealthResource;
import io.poolpilot.api.resource.InventoryResource;
import io.poolpilot.api.resource.MetricsResource;
import io.poolpilot.api.resource.OperationResource;
import io.poolpilot.api.resource.PlanResource;
import io.poolpilot.api.resource.PolicyResource;
import io.poolpilot.api.resource.RecordResource;
import io.poolpilot.api.resource.UsageResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;

/** Builds the control API's router from a config and the ports, and binds it. */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private ApiServer() {
    }

    /** The router, built from the OpenAPI document; fails when the document and the resources disagree. */
    public static Future<ApiRouter> router(Vertx vertx, ApiConfig config, ApiPorts ports, Clock clock, ResponseObserver observer) {
        Auditor auditor = new Auditor(ports.audit(), clock);
        var resources = ApiRoutes.resources(
                new HealthResource(ports.readiness()),
                new InventoryResource(ports.inventory()),
                new MetricsResource(ports.metrics(), clock),
                new PlanResource(ports.plans(), auditor),
                new PolicyResource(ports.policies(), auditor),
                new RecordResource(ports.alerts(), ports.audit()),
                new EventsResource(ports.events(), config.heartbeatInterval()),
                new UsageResource(ports.usage()),
                new AccountResource(ports.accounts(), auditor),
                new OperationResource(ports.operations(), auditor),
                new AlertResource(ports.alerts(), auditor),
                new ConsoleResource(ports.consoles(), auditor));
        BearerAuthenticator authenticator = new BearerAuthenticator(ports.tokens());
        return ApiRouter.build(vertx, resources, authenticator, new BrowserSessions(vertx, authenticator, config.sessionIdleTimeout()),
                config.bodyLimitBytes(),
                new CursorCodec(cursorSecret(config)), observer);
    }

    /** Binds the API on {@code config.host():config.port()}; the returned server knows the actual port. */
    public static Future<HttpServer> start(Vertx vertx, ApiConfig config, ApiPorts ports, Clock clock, ResponseObserver observer) {
        return router(vertx, config, ports, clock, observer).compose(router -> listen(vertx, config, router));
    }

    public static Future<HttpServer> listen(Vertx vertx, ApiConfig config, ApiRouter router) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxHeaderSize(16 * 1024)
                // noVNC asks for the "binary" subprotocol; a browser drops a WebSocket whose server names none.
                .addWebSocketSubProtocol("binary");
        return vertx.createHttpServer(options).requestHandler(router).listen()
                .onSuccess(server -> LOG.info("event=api_listening host={} port={} routes={}", config.host(),
                        server.actualPort(), router.routes().size()));
    }

    private static byte[] cursorSecret(ApiConfig config) {
        if (config.cursorSecret() != null) {
            return io.poolpilot.api.auth.TokenDigest.sha256(config.cursorSecret());
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
