package io.poolpilot.daemon.manage;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The management port, apart from the API: {@code /healthz} (the process is alive),
 * {@code /readyz} (collection and storage are working) and {@code /metrics} (Prometheus).
 * Binds to 127.0.0.1 only.
 */
public final class ManagementServer extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

    /** What /readyz reports: ready or not, and why. */
    public record Readiness(boolean ready, JsonObject details) {
    }

    private final int port;
    private final PrometheusMeterRegistry registry;
    private final Supplier<Readiness> readiness;
    private HttpServer server;

    public ManagementServer(int port, PrometheusMeterRegistry registry, Supplier<Readiness> readiness) {
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
        return vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .onSuccess(s -> {
                    server = s;
                    log.info("event=management_listening address=127.0.0.1 port={}", s.actualPort());
                });
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        switch (path) {
            case "/healthz" -> request.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", "up").encode());
            case "/readyz" -> {
                Readiness r = readiness.get();
                request.response().setStatusCode(r.ready() ? 200 : 503)
                        .putHeader("content-type", "application/json")
                        .end(new JsonObject().put("ready", r.ready()).put("details", r.details()).encode());
            }
            case "/metrics" -> request.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
            default -> request.response().setStatusCode(404)
                    .putHeader("content-type", "application/problem+json")
                    .end(new JsonObject().put("type", "https://poolpilot.io/problems/not-found")
                            .put("title", "Not found").put("status", 404)
                            .put("detail", "management port serves /healthz, /readyz and /metrics").encode());
        }
    }
}
