package io.poolpilot.daemon.execute;

import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.lease.PoolLease;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.plan.PlanStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place where plans of a pool are executed ({@link PlanRun}), while this daemon holds the pool's
 * lease, with at most {@code maxParallel} migrations in the pool and {@code maxPerHost} touching one host.
 * Each tick it also expires due plans and runs the pool's autopilot (advisory and automatic policy),
 * under the same lease.
 */
public final class PoolExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoolExecutor.class);

    /** Concurrency limits and the tick. */
    public record Limits(int maxParallel, int maxPerHost, Duration tick) {
        public Limits {
            if (maxParallel < 1 || maxPerHost < 1) {
                throw new IllegalArgumentException("maxParallel and maxPerHost must be >= 1, got " + maxParallel
                        + " and " + maxPerHost);
            }
        }

        public static Limits defaults() {
            return new Limits(4, 2, Duration.ofSeconds(1));
        }
    }

    private final String poolName;
    private final PoolLease lease;
    private final PlanService plans;
    private final PlanStore store;
    private final StepRunner runner;
    private final Runnable autopilot;
    private final EventHub events;
    private final Clock clock;
    private final Limits limits;
    private final Semaphore poolPermits;
    private final Map<String, Semaphore> hostPermits = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean releaseOnClose = true;
    private Thread loop;
    private Thread renewer;

    public PoolExecutor(String poolName, PoolLease lease, PlanService plans, StepRunner runner, Runnable autopilot,
                        EventHub events, Clock clock, Limits limits) {
        this.poolName = poolName;
        this.lease = lease;
        this.plans = plans;
        this.store = plans.store();
        this.runner = runner;
        this.autopilot = autopilot;
        this.events = events;
        this.clock = clock;
        this.limits = limits;
        this.poolPermits = new Semaphore(limits.maxParallel());
    }

    public synchronized void start() {
        renewer = Thread.ofVirtual().name("lease-" + poolName).start(this::renewLoop);
        loop = Thread.ofVirtual().name("executor-" + poolName).start(this::mainLoop);
    }

    public boolean leaseHeld() {
        return lease.held();
    }

    private void renewLoop() {
        long every = Math.max(50, lease.period().toMillis() / 4);
        while (!closed) {
            lease.renew();
            LockSupport.parkNanos(Duration.ofMillis(every).toNanos());
        }
    }

    private void mainLoop() {
        while (!closed) {
            try {
                if (lease.held()) {
                    plans.expireDue();
                    autopilot.run();
                    store.nextToRun(poolName).ifPresent(stored -> new PlanRun(poolName, lease.owner(), plans, runner, events,
                            clock, poolPermits, hostPermits, limits.maxPerHost(), this::mayAct).execute(stored));
                }
            } catch (RuntimeException e) {
                log.warn("event=executor_tick_failed pool={} error=\"{}\"", poolName, e.toString());
            }
            LockSupport.parkNanos(limits.tick().toNanos());
        }
    }

    private boolean mayAct() {
        return !closed && lease.held();
    }

    /** Stops acting; with {@code release} the lease is handed back so another daemon may start at once. */
    public void close(boolean release) {
        closed = true;
        releaseOnClose = release;
        join(loop);
        join(renewer);
        if (releaseOnClose) {
            lease.release();
        }
    }

    @Override
    public void close() {
        close(true);
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
