package io.poolpilot.api.resource;

import io.poolpilot.api.http.Contract;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.port.ReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/** Liveness, readiness and the OpenAPI document: the routes that need no token. */
public final class HealthResource {

    private final ReadinessProbe readiness;
    private final Buffer openApi;

    public HealthResource(ReadinessProbe readiness) {
        this.readiness = readiness;
        this.openApi = Buffer.buffer(loadOpenApi());
    }

    public Future<Reply> live(Exchange ex) {
        ex.allowQuery();
        return Future.succeededFuture(Reply.ok(Map.of("status", "ok")));
    }

    public Future<Reply> ready(Exchange ex) {
        ex.allowQuery();
        return readiness.check().map(r -> Reply.json(r.ready() ? 200 : 503, r));
    }

    public Future<Reply> openApi(Exchange ex) {
        ex.allowQuery();
        return Future.succeededFuture(Reply.raw(200, "application/json", openApi));
    }

    public static byte[] loadOpenApi() {
        return Contract.readDocument();
    }
}
