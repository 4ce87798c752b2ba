package io.poolpilot.xapi.metrics;

import java.util.Objects;

/** One value from rrd_updates: a data source of a host, VM or SR at one instant (unix seconds). */
public record DataPoint(EntityKind kind, String uuid, String dataSource, long timeSeconds, double value) {

    public DataPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(dataSource, "dataSource");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("NaN is an absent value, not a data point: " + uuid + ":" + dataSource);
        }
    }
}
