package io.poolpilot.daemon.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's one {@link Vertx}: Vert.x's own HTTP server and client, event-bus and pool metrics go
 * into the daemon's registry, beside PoolPilot's, so one scrape of the management port has both.
 */
public final class DaemonVertx {

    /**
     * Labels on Vert.x's meters. The route is the router's template ({@code /v1/vms/:vmUuid}), never the
     * request path, whose ids would make a series per VM; the server's and peer's addresses are left out too.
     */
    public static final EnumSet<Label> LABELS = EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
            Label.EB_SIDE, Label.POOL_TYPE, Label.POOL_NAME);

    // vertx-micrometer-metrics keeps one backend per registry name for the whole JVM: two daemons in one
    // JVM (the failover tests) under the same name would both write into the first daemon's registry.
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private DaemonVertx() {
    }

    public static Vertx create(MeterRegistry registry) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName("poolpilot-" + INSTANCES.incrementAndGet())
                .setLabels(LABELS);
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }
}
