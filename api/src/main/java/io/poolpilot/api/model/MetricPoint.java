package io.poolpilot.api.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One instant of a {@link MetricSeries}; values may contain nulls for gaps. */
public record MetricPoint(Instant at, List<Double> values) {
    public MetricPoint {
        Objects.requireNonNull(at, "point at");
        values = Collections.unmodifiableList(new ArrayList<>(values)); // List.copyOf refuses the nulls that mark gaps
    }
}
