package io.poolpilot.daemon.detect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Runs each pool's {@link PoolDetector} every interval on the blocking pool (the timer fires on an event
 * loop, the evaluation never does), only while this daemon holds the pool's lease so one daemon writes a
 * pool's alerts. A tick is skipped while the previous evaluation of that pool still runs; failures are
 * logged and counted and the schedule goes on. Pools start at random offsets within the first interval.
 */
public final class DetectorRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DetectorRunner.class);

    private final Vertx vertx;
    private final BlockingPool workers;
    private final Predicate<String> leaseHeld;
    private final MeterRegistry registry;
    private final List<Long> timers = new ArrayList<>();

    /** @param leaseHeld whether this daemon holds a pool's lease now (a cheap local read) */
    public DetectorRunner(Vertx vertx, BlockingPool workers, Predicate<String> leaseHeld, MeterRegistry registry) {
        this.vertx = vertx;
        this.workers = workers;
        this.leaseHeld = leaseHeld;
        this.registry = registry;
    }

    /** Starts evaluating {@code detector}'s pool every {@code interval}. */
    public synchronized void schedule(PoolDetector detector, Duration interval) {
        schedule(detector.pool(), "detect", () -> {
            detector.evaluate();
        }, detector::standBy, interval);
    }

    /**
     * Runs {@code task} for {@code pool} every {@code interval} on the blocking pool, as evaluations are: only
     * while this daemon holds the pool's lease ({@code standBy} otherwise), one at a time, failures logged as
     * {@code event=<what>_failed} and counted (the detector's failure counter for {@code detect}).
     */
    public synchronized void schedule(String pool, String what, Runnable task, Runnable standBy, Duration interval) {
        Counter failures = "detect".equals(what) ? registry.counter(MetricNames.DETECT_FAILURES, "pool", pool)
                : registry.counter(MetricNames.ANSWER_FAILURES, "pool", pool);
        Counter skipped = "detect".equals(what) ? registry.counter(MetricNames.DETECT_SKIPPED, "pool", pool)
                : registry.counter(MetricNames.ANSWER_SKIPPED, "pool", pool);
        AtomicBoolean running = new AtomicBoolean();
        Context context = vertx.getOrCreateContext();
        long every = interval.toMillis();
        long offset = 1 + ThreadLocalRandom.current().nextLong(every);
        timers.add(vertx.setPeriodic(offset, every, id -> {
            if (!running.compareAndSet(false, true)) {
                skipped.increment();
                return;
            }
            if (!leaseHeld.test(pool)) {
                standBy.run();
                running.set(false);
                return;
            }
            workers.submit(context, () -> {
                task.run();
                return null;
            }).onComplete(done -> {
                running.set(false);
                if (done.failed()) {
                    failures.increment();
                    log.warn("event={}_failed pool={} error=\"{}\"", what, pool, done.cause().toString());
                }
            });
        }));
    }

    @Override
    public synchronized void close() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }
}
