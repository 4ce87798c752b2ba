package io.poolpilot.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A metric series for one host or VM. Each point holds a value per metric name in {@code metrics}
 * (same order); a null value is a gap, never an invented number.
 */
public record MetricSeries(String subjectUuid, Instant from, Instant to, long stepSeconds, Resolution resolution,
                           List<String> metrics, List<MetricPoint> points) {
    public MetricSeries {
        Ids.requireUuid("series subjectUuid", subjectUuid);
        Objects.requireNonNull(resolution, "series resolution");
        metrics = List.copyOf(metrics);
        points = List.copyOf(points);
        for (MetricPoint p : points) {
            if (p.values().size() != metrics.size()) {
                throw new IllegalArgumentException("point at " + p.at() + " has " + p.values().size()
                        + " values for " + metrics.size() + " metrics");
            }
        }
    }
}
