package io.poolpilot.api.port;

import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.MetricSeries;
import io.vertx.core.Future;

import java.util.Optional;

/** Metric series per host or VM; the implementation picks raw, 1-minute or 1-hour data for the step. Empty: unknown subject. */
public interface MetricsPort {
    Future<Optional<MetricSeries>> hostSeries(String hostUuid, MetricQuery query);

    Future<Optional<MetricSeries>> vmSeries(String vmUuid, MetricQuery query);
}
