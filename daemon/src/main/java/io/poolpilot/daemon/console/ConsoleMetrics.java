package io.poolpilot.daemon.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;

import java.util.function.Supplier;

/** The console proxy's meters: open consoles, bytes each way, refusals and ends by reason. */
final class ConsoleMetrics {
    private final MeterRegistry registry;
    private final Counter opened;
    private final Counter toViewer;
    private final Counter fromViewer;

    ConsoleMetrics(MeterRegistry registry, Supplier<Number> open) {
        this.registry = registry;
        Gauge.builder(MetricNames.CONSOLE_OPEN, open).description("web consoles open now").register(registry);
        this.opened = Counter.builder(MetricNames.CONSOLE_OPENED).description("web consoles opened").register(registry);
        this.toViewer = Counter.builder(MetricNames.CONSOLE_BYTES).tag("direction", "to-viewer").baseUnit("bytes")
                .description("console bytes proxied").register(registry);
        this.fromViewer = Counter.builder(MetricNames.CONSOLE_BYTES).tag("direction", "from-viewer").baseUnit("bytes")
                .description("console bytes proxied").register(registry);
    }

    void opened() {
        opened.increment();
    }

    void toViewer(int bytes) {
        toViewer.increment(bytes);
    }

    void fromViewer(int bytes) {
        fromViewer.increment(bytes);
    }

    void refused(String reason) {
        registry.counter(MetricNames.CONSOLE_REFUSED, MetricNames.TAG_REASON, reason).increment();
    }

    void closed(String reason) {
        registry.counter(MetricNames.CONSOLE_CLOSED, MetricNames.TAG_REASON, reason).increment();
    }
}
