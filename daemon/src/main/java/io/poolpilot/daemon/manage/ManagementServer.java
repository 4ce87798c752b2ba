package io.poolpilot.daemon.manage;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolpilot.api.http.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port, apart from the API, on a Vert.x Web router: {@code /healthz} (the process and its
 * event loop answer), {@code /readyz} (each readiness condition by name, see {@link DaemonReadiness};
 * {@code /readyz/<name>} for one) and {@code /metrics} (Prometheus: PoolPilot's meters and Vert.x's own).
 * Binds to 127.0.0.1 only; no token, since nothing on it acts or shows pool data.
 */
public final class ManagementServer extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

    private final int port;
    private final PrometheusMeterRegistry registry;
    private final DaemonReadiness readiness;
    private HttpServer server;

    public ManagementServer(int port, PrometheusMeterRegistry registry, DaemonReadiness readiness) {
        this.port = port;
        this.registry = registry;
        this.readiness = readiness;
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> start() {
        HealthChecks live = HealthChecks.create(vertx)
                .register("event-loop", promise -> promise.complete(Status.OK()));
        HealthChecks ready = HealthChecks.create(vertx);
        readiness.register(ready);
        HealthCheckHandler readyHandler = HealthCheckHandler.createWithHealthChecks(ready);

        Router router = Router.router(vertx);
        router.get("/healthz").handler(HealthCheckHandler.createWithHealthChecks(live));
        router.get("/readyz").handler(readyHandler);
        router.get("/readyz/*").handler(readyHandler);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        router.errorHandler(404, ctx -> problem(ctx, ProblemType.NOT_FOUND,
                "the management port serves GET /healthz, /readyz and /metrics"));
        router.errorHandler(405, ctx -> {
            ctx.response().putHeader("allow", "GET");
            problem(ctx, ProblemType.METHOD_NOT_ALLOWED, "the management port answers GET only");
        });

        // HTTP/1.1 only: scrapers and probes speak it. A scrape by the JDK's client, which asks for the h2c
        // upgrade, once went unanswered under load (DashboardsTest, 2026-12-06; cause not found).
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(router)
                .listen(port, "127.0.0.1")
                .onSuccess(s -> {
                    server = s;
                    log.info("event=management_listening address=127.0.0.1 port={}", s.actualPort());
                });
    }

    /** The API's problem types (RFC 9457), so a client reads both ports' errors the same way. */
    private static void problem(RoutingContext ctx, ProblemType type, String detail) {
        ctx.response().setStatusCode(type.status())
                .putHeader("content-type", ProblemType.MEDIA_TYPE)
                .end(new JsonObject().put("type", type.uri().toString()).put("title", type.title())
                        .put("status", type.status()).put("detail", detail).encode());
    }
}
