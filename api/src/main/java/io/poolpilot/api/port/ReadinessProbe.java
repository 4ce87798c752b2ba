package io.poolpilot.api.port;

import io.poolpilot.api.model.Readiness;
import io.vertx.core.Future;

import java.util.Map;

/** Whether the daemon is ready to serve (journal open, database reachable, pools leased ...). */
public interface ReadinessProbe {
    Future<Readiness> check();

    static ReadinessProbe alwaysReady() {
        return () -> Future.succeededFuture(new Readiness(true, Map.of()));
    }
}
