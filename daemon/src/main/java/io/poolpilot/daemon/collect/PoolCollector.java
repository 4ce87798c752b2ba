package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.journal.JournalWriter;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects one pool: follows its inventory through {@code event.from} on a dedicated virtual thread,
 * and polls every host's {@code rrd_updates} on a timer. The event loop only schedules and books
 * results; every XAPI call and journal append runs on the bounded {@link BlockingPool}.
 */
public final class PoolCollector extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(PoolCollector.class);

    private final String poolName;
    private final PoolConnection connection;
    private final CollectConfig config;
    private final JournalWriter journal;
    private final BlockingPool blocking;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final Random random;

    private final AtomicReference<Inventory> inventory = new AtomicReference<>();
    private final InventoryProjector projector;
    private final Map<String, HostPollState> hosts = new HashMap<>();
    private final HostRrdPoll rrdPoll;
    private final ResumePoints resumePoints;
    private volatile boolean stopping;
    private volatile String poolUuid;
    private volatile java.util.Set<String> controlDomains = java.util.Set.of();
    private Thread follower;
    private long timerId = -1;

    public PoolCollector(String poolName, PoolConnection connection, CollectConfig config, JournalWriter journal,
                         BlockingPool blocking, CollectorMetrics metrics, Clock clock, Random random) {
        this(poolName, connection, config, journal, blocking, metrics, clock, random, ResumePoints.Journaled.NONE);
    }

    /**
     * @param journaled the newest sample journaled for a host before this collector started (the live state the
     *                  journal replayed): its first poll resumes there, filling what the host still holds
     */
    public PoolCollector(String poolName, PoolConnection connection, CollectConfig config, JournalWriter journal,
                         BlockingPool blocking, CollectorMetrics metrics, Clock clock, Random random,
                         ResumePoints.Journaled journaled) {
        this.poolName = poolName;
        this.connection = connection;
        this.config = config;
        this.journal = journal;
        this.blocking = blocking;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.projector = new InventoryProjector(config.billingAccountKey());
        this.rrdPoll = new HostRrdPoll(poolName, connection, journal, metrics, clock);
        this.resumePoints = new ResumePoints(poolName, journaled, config.intervalSeconds(), config.backfillSeconds(), metrics);
    }

    @Override
    public Future<?> start() {
        follower = Thread.ofVirtual().name("events-" + poolName).start(this::followEvents);
        // Ticks are frequent; each host has its own due time, first spread at random over one
        // interval, so many hosts are polled a few at a time rather than all at once.
        timerId = vertx.setPeriodic(TICK_MILLIS, id -> tick());
        log.info("event=collector_started pool={} master={} intervalSeconds={}", poolName, connection.masterUrl(),
                config.intervalSeconds());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (follower != null) {
            follower.interrupt();
        }
        return blocking.submit(context, () -> {
            if (follower != null) {
                follower.join(5_000);
            }
            connection.close();
            return null;
        });
    }

    /** The newest inventory snapshot of this pool, or null before the first sync. */
    public Inventory inventory() {
        return inventory.get();
    }

    /** How often the collector looks for due hosts. */
    static final long TICK_MILLIS = 500;
    /** When the blocking pool is full a host is tried again this soon, without counting as a host failure. */
    static final long DEFERRED_RETRY_MILLIS = 1000;

    /** One round: start a poll for every due host, skip the ones still busy. */
    private void tick() {
        Inventory current = inventory.get();
        if (current == null || stopping) {
            return;
        }
        long now = clock.millis();
        for (Host host : current.hosts().values()) {
            HostPollState state = hosts.computeIfAbsent(host.uuid(), uuid -> {
                HostPollState fresh = new HostPollState(uuid);
                fresh.nextAttemptMillis = now + (long) (random.nextDouble() * config.intervalSeconds() * 1000L);
                return fresh;
            });
            if (now < state.nextAttemptMillis) {
                continue;
            }
            if (state.inFlight) {
                // Due again while the previous poll of this host still runs: skip this turn.
                metrics.pollSkipped(poolName);
                state.nextAttemptMillis = now + config.intervalSeconds() * 1000L;
                continue;
            }
            state.inFlight = true;
            long startedMillis = now;
            URI hostUrl = connection.hostUrl(host.address());
            ResumePoints.Resume resume = resumePoints.plan(host, current, state.lastTimeSeconds,
                    state.consecutiveFailures > 0, clock.instant().getEpochSecond());
            long since = resume.sinceSeconds();
            blocking.submit(context, () -> rrdPoll.poll(host.uuid(), hostUrl, since, poolUuid, controlDomains))
                    .onComplete(result -> {
                        state.inFlight = false;
                        if (result.failed() && result.cause() instanceof java.util.concurrent.RejectedExecutionException) {
                            metrics.pollDeferred(poolName);
                            state.nextAttemptMillis = clock.millis() + DEFERRED_RETRY_MILLIS;
                            return;
                        }
                        if (result.succeeded()) {
                            if (state.consecutiveFailures > 0) {
                                log.info("event=host_recovered pool={} host={} after={}", poolName, host.uuid(),
                                        state.consecutiveFailures);
                            }
                            resumePoints.report(host, resume, clock.instant().getEpochSecond());
                            // A poll that found no newer row keeps the start it had (e.g. a resume point).
                            state.succeeded(Math.max(result.result(), since), startedMillis + config.intervalSeconds() * 1000L);
                        } else {
                            state.failed(clock.millis(), config.intervalSeconds(), config.maxBackoffSeconds());
                            metrics.hostPollFailed(poolName);
                            if (state.consecutiveFailures == 1 || Integer.bitCount(state.consecutiveFailures) == 1) {
                                log.warn("event=host_poll_failed pool={} host={} address={} failures={} error=\"{}\"",
                                        poolName, host.uuid(), host.address(), state.consecutiveFailures,
                                        result.cause().toString());
                            }
                        }
                    });
        }
    }

    /** Blocking loop on its own virtual thread: sync the inventory, then follow events until stopped. */
    private void followEvents() {
        int failures = 0;
        boolean needResync = true;
        while (!stopping) {
            try {
                if (needResync) {
                    Inventory synced = connection.resync();
                    publish(synced);
                    needResync = false;
                    failures = 0;
                }
                Inventory updated = connection.pollEvents(config.eventTimeoutSeconds());
                if (updated != null) {
                    publish(updated);
                }
                failures = 0;
            } catch (Exception e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    return;
                }
                failures++;
                needResync = true;
                metrics.eventFailure(poolName);
                long backoffMillis = Math.min(config.maxBackoffSeconds() * 1000L,
                        500L << Math.min(failures, 10));
                log.warn("event=event_follow_failed pool={} failures={} retryInMillis={} error=\"{}\"", poolName,
                        failures, backoffMillis, e.toString());
                try {
                    Thread.sleep(backoffMillis);
                    connection.reconnect();
                } catch (InterruptedException interrupted) {
                    return;
                } catch (Exception reconnectFailed) {
                    log.warn("event=reconnect_failed pool={} error=\"{}\"", poolName, reconnectFailed.toString());
                }
            }
        }
    }

    private void publish(Inventory snapshot) {
        inventory.set(snapshot);
        List<InventoryChange> changes = projector.project(snapshot, clock.millis());
        // Order matters to concurrent host polls: the changes are journaled before any sample that needs them,
        // and the control domains are known before poolUuid (which gates polling) is, so no dom0 sample and no
        // sample of a VM the store has not seen yet gets through at start-up.
        for (InventoryChange change : changes) {
            journal.append(change);
            if (change instanceof InventoryChange.VmGone gone) {
                rrdPoll.forget(gone.vmUuid());
            }
        }
        controlDomains = projector.controlDomainUuids();
        poolUuid = projector.poolUuid();
        metrics.inventoryChanges(poolName, changes.size());
    }
}
