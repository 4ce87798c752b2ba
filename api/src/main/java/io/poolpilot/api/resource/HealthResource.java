package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.port.ReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Liveness, readiness and the OpenAPI document: the routes that need no token. */
public final class HealthResource {
    /** The contract, a resource of this module; tests check it against the route table. */
    public static final String OPENAPI_RESOURCE = "/openapi.json";

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
        try (InputStream in = HealthResource.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the api jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
