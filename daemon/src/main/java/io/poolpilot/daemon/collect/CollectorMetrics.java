package io.poolpilot.daemon.collect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolpilot.daemon.metrics.MetricNames;

import java.util.concurrent.TimeUnit;

/** The collectors' meters, tagged by pool; names come from {@link MetricNames}. */
public final class CollectorMetrics {

    private final MeterRegistry registry;

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void pollSkipped(String pool) {
        registry.counter(MetricNames.COLLECT_POLL_SKIPPED, "pool", pool).increment();
    }

    void pollDeferred(String pool) {
        registry.counter(MetricNames.COLLECT_POLL_DEFERRED, "pool", pool).increment();
    }

    void backfilled(String pool) {
        registry.counter(MetricNames.COLLECT_BACKFILLS, "pool", pool).increment();
    }

    void gap(String pool, long seconds) {
        registry.counter(MetricNames.COLLECT_GAP_SECONDS, "pool", pool).increment(seconds);
    }

    void hostPollFailed(String pool) {
        registry.counter(MetricNames.COLLECT_HOST_POLL_FAILURES, "pool", pool).increment();
    }

    void rrdFetched(String pool, long nanos, long skippedValues) {
        Timer.builder(MetricNames.XAPI_RRD_FETCH).tag("pool", pool).publishPercentiles(0.5, 0.99)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (skippedValues > 0) {
            samplesSkipped(pool, "unparseable_value", skippedValues);
        }
    }

    void samplesSkipped(String pool, String reason, long count) {
        Counter.builder(MetricNames.COLLECT_SAMPLES_SKIPPED).tag("pool", pool).tag("reason", reason)
                .register(registry).increment(count);
    }

    void samplesJournaled(String pool, long count) {
        registry.counter(MetricNames.COLLECT_SAMPLES, "pool", pool).increment(count);
    }

    void inventoryChanges(String pool, long count) {
        registry.counter(MetricNames.COLLECT_INVENTORY_CHANGES, "pool", pool).increment(count);
    }

    void eventFailure(String pool) {
        registry.counter(MetricNames.XAPI_EVENT_FAILURES, "pool", pool).increment();
    }
}
