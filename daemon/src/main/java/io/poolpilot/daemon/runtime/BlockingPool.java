package io.poolpilot.daemon.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A named, bounded pool of virtual threads for blocking work (XAPI calls, HTTP fetches, journal
 * appends). Work beyond the bound is refused at once and counted, never queued without limit;
 * results come back on the caller's Vert.x context so event-loop code only composes futures.
 */
public final class BlockingPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlockingPool.class);

    private final String name;
    private final int maxConcurrent;
    private final Semaphore permits;
    private final ExecutorService executor;
    private final Counter rejected;

    public BlockingPool(String name, int maxConcurrent, MeterRegistry registry) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("pool " + name + ": maxConcurrent must be positive, got " + maxConcurrent);
        }
        this.name = name;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        this.rejected = Counter.builder(MetricNames.BLOCKING_POOL_REJECTED).tag("pool", name)
                .description("blocking tasks refused because the pool was full").register(registry);
        Gauge.builder(MetricNames.BLOCKING_POOL_ACTIVE, permits, p -> maxConcurrent - p.availablePermits())
                .tag("pool", name).description("blocking tasks running").register(registry);
    }

    /** Runs {@code work} on a virtual thread; the returned future completes on {@code context}. */
    public <T> Future<T> submit(Context context, Callable<T> work) {
        Promise<T> promise = Promise.promise();
        if (!permits.tryAcquire()) {
            rejected.increment();
            return Future.failedFuture(new RejectedExecutionException(
                    "blocking pool '" + name + "' is full (" + maxConcurrent + " tasks running)"));
        }
        try {
            executor.execute(() -> {
                try {
                    T result = work.call();
                    context.runOnContext(v -> promise.complete(result));
                } catch (Throwable failure) {
                    context.runOnContext(v -> promise.fail(failure));
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            permits.release();
            rejected.increment();
            return Future.failedFuture(shuttingDown);
        }
        return promise.future();
    }

    /** Stops taking work and waits up to {@code grace} for running tasks, then interrupts them. */
    public void close(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("event=blocking_pool_shutdown_timeout pool={} grace={} running={}", name, grace,
                        maxConcurrent - permits.availablePermits());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
