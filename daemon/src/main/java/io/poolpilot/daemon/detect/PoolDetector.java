package io.poolpilot.daemon.detect;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.api.model.Alert;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.xapi.event.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One pool's detection: evaluates the rules over the pool's inventory and reconciles the result with the
 * store, which is the only memory (so a restarted or newly leasing daemon picks up where the last one was):
 * a condition without an open alert raises one, an open alert whose condition no longer holds is cleared.
 * Each raise and clear is logged, published as {@code alert.raised}/{@code alert.cleared} and counted.
 * Blocking: runs on a worker, never on an event loop.
 */
public final class PoolDetector {

    private static final Logger log = LoggerFactory.getLogger(PoolDetector.class);

    /** SSE event types, in one place. */
    public static final String EVENT_RAISED = "alert.raised";
    public static final String EVENT_CLEARED = "alert.cleared";

    private final String pool;
    private final Supplier<Inventory> inventory;
    private final List<Rule> rules;
    private final AlertStore store;
    private final EventHub events;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<AlertKind, AtomicInteger> open = new EnumMap<>(AlertKind.class);

    public PoolDetector(String pool, Supplier<Inventory> inventory, List<Rule> rules, AlertStore store, EventHub events,
                        Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.inventory = inventory;
        this.rules = List.copyOf(rules);
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.registry = registry;
        for (AlertKind kind : AlertKind.values()) {
            AtomicInteger count = new AtomicInteger();
            open.put(kind, count);
            Gauge.builder(MetricNames.DETECT_ALERTS_OPEN, count, AtomicInteger::get).tag("pool", pool)
                    .tag(MetricNames.TAG_KIND, kind.wire()).description("open alerts").register(registry);
            registry.counter(MetricNames.DETECT_ALERTS_RAISED, "pool", pool, MetricNames.TAG_KIND, kind.wire());
        }
    }

    public String pool() {
        return pool;
    }

    /** One evaluation and reconciliation; false (and nothing touched) while the pool has no inventory yet. */
    public boolean evaluate() {
        Inventory now = inventory.get();
        if (now == null || now.hosts().isEmpty()) {
            return false; // still connecting: an empty pool would clear every open alert
        }
        Instant at = clock.instant();
        Map<Condition.Key, Condition> holding = new LinkedHashMap<>();
        for (Rule rule : rules) {
            rule.holding(now, at).forEach(c -> holding.putIfAbsent(c.key(), c));
        }
        Map<Condition.Key, Alert> stored = new LinkedHashMap<>();
        for (Alert alert : store.open(pool)) {
            try {
                stored.put(new Condition.Key(AlertKind.fromWire(alert.kind()), alert.subject()), alert);
            } catch (IllegalArgumentException unknownKind) {
                // written by a newer daemon with rules this one lacks: not ours to clear
            }
        }
        for (Condition.Key key : stored.keySet()) {
            if (!holding.containsKey(key)) {
                store.clear(pool, key, at).ifPresent(alert -> {
                    log.info("event=alert_cleared pool={} kind={} subject={} alert={}", pool, alert.kind(), alert.subject(),
                            alert.id());
                    events.publish(EVENT_CLEARED, data(alert));
                });
            }
        }
        for (Condition condition : holding.values()) {
            if (!stored.containsKey(condition.key())) {
                store.raise(pool, condition, at).ifPresent(alert -> {
                    log.warn("event=alert_raised pool={} kind={} subject={} severity={} alert={} message=\"{}\"", pool,
                            alert.kind(), alert.subject(), alert.severity().wire(), alert.id(), alert.message());
                    registry.counter(MetricNames.DETECT_ALERTS_RAISED, "pool", pool, MetricNames.TAG_KIND, alert.kind())
                            .increment();
                    events.publish(EVENT_RAISED, data(alert));
                });
            }
        }
        Map<AlertKind, Integer> counts = new EnumMap<>(AlertKind.class);
        holding.keySet().forEach(key -> counts.merge(key.kind(), 1, Integer::sum));
        open.forEach((kind, gauge) -> gauge.set(counts.getOrDefault(kind, 0)));
        registry.counter(MetricNames.DETECT_EVALUATIONS, "pool", pool).increment();
        return true;
    }

    /** This daemon no longer detects for the pool: its gauges go to zero (the new lease holder reports). */
    public void standBy() {
        open.values().forEach(gauge -> gauge.set(0));
    }

    private static Map<String, Object> data(Alert alert) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alertId", alert.id());
        data.put("poolId", alert.poolId());
        data.put("kind", alert.kind());
        data.put("subject", alert.subject());
        data.put("severity", alert.severity().wire());
        data.put("message", alert.message());
        data.put("raisedAt", alert.raisedAt().toString());
        if (alert.clearedAt() != null) {
            data.put("clearedAt", alert.clearedAt().toString());
        }
        return data;
    }
}
