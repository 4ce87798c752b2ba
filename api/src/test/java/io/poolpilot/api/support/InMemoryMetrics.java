package io.poolpilot.api.support;

import io.poolpilot.api.model.MetricPoint;
import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.MetricSeries;
import io.poolpilot.api.model.Resolution;
import io.poolpilot.api.port.MetricsPort;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Synthesises a deterministic series for known hosts/VMs, picking the resolution from the step as the daemon will. */
public final class InMemoryMetrics implements MetricsPort {
    private final InMemoryInventory inventory;

    public InMemoryMetrics(InMemoryInventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public Future<Optional<MetricSeries>> hostSeries(String hostUuid, MetricQuery query) {
        return inventory.host(hostUuid).map(h -> h.map(x -> series(hostUuid, query, List.of("cpu_fraction", "memory_free_bytes"))));
    }

    @Override
    public Future<Optional<MetricSeries>> vmSeries(String vmUuid, MetricQuery query) {
        return inventory.vm(vmUuid).map(v -> v.map(x -> series(vmUuid, query, List.of("cpu_fraction"))));
    }

    static MetricSeries series(String uuid, MetricQuery query, List<String> metrics) {
        Resolution resolution = query.step().compareTo(Duration.ofHours(1)) >= 0 ? Resolution.HOUR
                : query.step().compareTo(Duration.ofMinutes(1)) >= 0 ? Resolution.MINUTE : Resolution.RAW;
        List<MetricPoint> points = new ArrayList<>();
        int i = 0;
        for (Instant t = query.from(); t.isBefore(query.to()) && i < 100; t = t.plus(query.step()), i++) {
            Double[] values = new Double[metrics.size()];
            Arrays.fill(values, i % 7 == 3 ? null : (double) (i % 10) / 10);
            points.add(new MetricPoint(t, Arrays.asList(values)));
        }
        return new MetricSeries(uuid, query.from(), query.to(), query.stepSeconds(), resolution, metrics, points);
    }
}
