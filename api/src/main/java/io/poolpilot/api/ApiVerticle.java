package io.poolpilot.api;

import io.poolpilot.api.http.ResponseObserver;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

import java.time.Clock;

/** The API as a verticle for the daemon to deploy; config and ports come in through the constructor. */
public final class ApiVerticle extends VerticleBase {
    private final ApiConfig config;
    private final ApiPorts ports;
    private final Clock clock;
    private HttpServer server;

    public ApiVerticle(ApiConfig config, ApiPorts ports, Clock clock) {
        this.config = config;
        this.ports = ports;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        return ApiServer.start(vertx, config, ports, clock, ResponseObserver.NONE).onSuccess(s -> server = s);
    }

    /** The bound port (useful when configured with port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
