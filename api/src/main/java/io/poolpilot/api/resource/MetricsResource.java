package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.MetricSeries;
import io.poolpilot.api.port.MetricsPort;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Metric series of a host or VM over {@code ?from&to&step}. Defaults: the last hour, with the step
 * that gives at most {@link #DEFAULT_POINTS} points.
 */
public final class MetricsResource {
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final long DEFAULT_POINTS = 720;

    private final MetricsPort metrics;
    private final Clock clock;

    public MetricsResource(MetricsPort metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public Future<Reply> hostSeries(Exchange ex) {
        return series(ex, "hostUuid", "host", metrics::hostSeries);
    }

    public Future<Reply> vmSeries(Exchange ex) {
        return series(ex, "vmUuid", "vm", metrics::vmSeries);
    }

    private Future<Reply> series(Exchange ex, String param, String kind,
                                 BiFunction<String, MetricQuery, Future<Optional<MetricSeries>>> lookup) {
        String uuid = ex.uuidParam(param);
        MetricQuery query = query(ex);
        return lookup.apply(uuid, query).map(found -> InventoryResource.okOr404(found, kind, uuid));
    }

    MetricQuery query(Exchange ex) {
        ex.allowQuery("from", "to", "step");
        Violations violations = new Violations();
        Instant to = instant(ex.query("to"), "to", violations);
        Instant from = instant(ex.query("from"), "from", violations);
        Duration step = step(ex.query("step"), violations);
        violations.throwIfAny();
        to = to != null ? to : clock.instant();
        from = from != null ? from : to.minus(DEFAULT_RANGE);
        if (!from.isBefore(to)) {
            throw Violations.single("query", "from", "must be before to (" + to + "), got " + from);
        }
        Duration range = Duration.between(from, to);
        if (range.compareTo(MetricQuery.MAX_RANGE) > 0) {
            throw Violations.single("query", "from", "the range may span at most " + MetricQuery.MAX_RANGE.toDays()
                    + " days, got " + range.toDays() + " days");
        }
        if (step == null) {
            long seconds = Math.max(MetricQuery.MIN_STEP.toSeconds(), (range.toSeconds() + DEFAULT_POINTS - 1) / DEFAULT_POINTS);
            step = Duration.ofSeconds(seconds);
        }
        if (step.compareTo(MetricQuery.MIN_STEP) < 0 || step.compareTo(MetricQuery.MAX_STEP) > 0) {
            throw Violations.single("query", "step", "must be " + MetricQuery.MIN_STEP.toSeconds() + ".."
                    + MetricQuery.MAX_STEP.toSeconds() + " seconds, got " + step.toSeconds());
        }
        long points = (range.toSeconds() + step.toSeconds() - 1) / step.toSeconds();
        if (points > MetricQuery.MAX_POINTS) {
            throw Violations.single("query", "step", "gives " + points + " points over this range, more than "
                    + MetricQuery.MAX_POINTS + "; use a step of at least "
                    + ((range.toSeconds() + MetricQuery.MAX_POINTS - 1) / MetricQuery.MAX_POINTS) + " seconds");
        }
        return new MetricQuery(from, to, step);
    }

    static Instant instant(String text, String field, Violations violations) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add("query", field, "must be an ISO-8601 instant like 2026-11-25T09:00:00Z, got '" + abbreviate(text) + "'");
            return null;
        }
    }

    /** Whole seconds ({@code 60}) or an ISO-8601 duration ({@code PT1M}). */
    private static Duration step(String text, Violations violations) {
        if (text == null) {
            return null;
        }
        try {
            if (text.matches("[0-9]{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            Duration d = Duration.parse(text);
            if (d.getNano() != 0) {
                throw new DateTimeParseException("fractional", text, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            violations.add("query", "step", "must be whole seconds (60) or an ISO-8601 duration (PT1M), got '" + abbreviate(text) + "'");
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
