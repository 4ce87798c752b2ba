package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolpilot.daemon.metrics.MetricNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The DB writer's meters: rows written and skipped (each skip reason logged once), retries, batch latency. */
final class WriterMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(DbWriter.class);

    private final Timer batchLatency;
    private final Counter vmRowsWritten;
    private final Counter hostRowsWritten;
    private final Counter retries;
    private final Counter inventoryApplied;
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Set<SkipReason> loggedReasons = EnumSet.noneOf(SkipReason.class);

    WriterMetrics(MeterRegistry registry) {
        this.batchLatency = Timer.builder(MetricNames.STORE_BATCH_LATENCY).publishPercentileHistogram()
                .description("DB writer batch, first statement to commit").register(registry);
        this.vmRowsWritten = Counter.builder(MetricNames.STORE_ROWS_WRITTEN).tag(MetricNames.TAG_TABLE, Relations.VM_SAMPLE)
                .description("Sample rows committed").register(registry);
        this.hostRowsWritten = Counter.builder(MetricNames.STORE_ROWS_WRITTEN).tag(MetricNames.TAG_TABLE, Relations.HOST_SAMPLE)
                .description("Sample rows committed").register(registry);
        this.retries = Counter.builder(MetricNames.STORE_WRITE_RETRIES)
                .description("DB writer batch attempts that failed and were retried").register(registry);
        this.inventoryApplied = Counter.builder(MetricNames.STORE_INVENTORY_APPLIED)
                .description("Inventory changes applied to dimension tables").register(registry);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, Counter.builder(MetricNames.STORE_ROWS_SKIPPED).tag(MetricNames.TAG_REASON, reason.tag())
                    .description("Samples skipped instead of stored").register(registry));
        }
    }

    void retried() {
        retries.increment();
    }

    /** Counts a committed batch; the first skip of each reason is logged with an example. */
    void committed(PreparedBatch p, long durationNanos) {
        vmRowsWritten.increment(p.vmWritten);
        hostRowsWritten.increment(p.hostWritten);
        inventoryApplied.increment(p.inventory);
        for (Map.Entry<SkipReason, Integer> skip : p.skips.entrySet()) {
            skipped.get(skip.getKey()).increment(skip.getValue());
            if (loggedReasons.add(skip.getKey())) {
                LOG.warn("db writer skipping samples reason={} example=[{}] (logged once per reason; see metric {})",
                        skip.getKey().tag(), p.examples.get(skip.getKey()), MetricNames.STORE_ROWS_SKIPPED);
            }
        }
        batchLatency.record(durationNanos, TimeUnit.NANOSECONDS);
    }
}
