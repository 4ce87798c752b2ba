package io.poolpilot.api.port;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.vertx.core.Future;

import java.util.List;

/** Alerts raised by detection. */
public interface AlertPort {
    Future<Page<Alert>> alerts(PageRequest page);

    /** Until detection lands: no alerts. */
    static AlertPort none() {
        return page -> Future.succeededFuture(new Page<>(List.of(), null));
    }
}
