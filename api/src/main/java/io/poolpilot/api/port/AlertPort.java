package io.poolpilot.api.port;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.vertx.core.Future;

import java.util.List;

/** Alerts raised by detection. */
public interface AlertPort {
    /** The alerts that pass {@code filter}, newest first. */
    Future<Page<Alert>> alerts(AlertFilter filter, PageRequest page);

    /** No alerts: for API tests and wiring without detection. */
    static AlertPort none() {
        return (filter, page) -> Future.succeededFuture(new Page<>(List.of(), null));
    }
}
