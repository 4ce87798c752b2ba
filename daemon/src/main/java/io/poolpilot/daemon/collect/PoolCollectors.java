package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.journal.JournalWriter;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's collectors, one per followed pool, and what the rest of the daemon reads from them: each pool's
 * inventory, whether it is synced, and the XAPI endpoint the control plane reuses.
 */
public final class PoolCollectors {

    // Filled while the management port already answers: readiness reads it from the event loop.
    private final Map<String, PoolCollector> collectors = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, XapiEndpoint> endpoints = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Deploys one collector per pool, in config order; each pool's first polls resume from {@code journaled}. */
    public void start(Vertx vertx, List<PoolConfig> pools, CollectConfig config, Map<String, String> environment,
                      JournalWriter journal, BlockingPool blocking, CollectorMetrics metrics, Clock clock,
                      ResumePoints.Journaled journaled) {
        Random random = new Random();
        for (PoolConfig pool : pools) {
            XapiEndpoint endpoint = PoolEndpoints.of(pool, config, environment);
            PoolCollector collector = new PoolCollector(pool.name(), new PoolConnection(pool.name(), endpoint),
                    config, journal, blocking, metrics, clock, random, journaled);
            try {
                vertx.deployVerticle(collector).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("collector for pool " + pool.name() + " did not start: " + e.getMessage(), e);
            }
            collectors.put(pool.name(), collector);
            endpoints.put(pool.name(), endpoint);
        }
    }

    /** Whether the pool's collector has its inventory (false while it connects, or before it exists). */
    public boolean synced(String pool) {
        PoolCollector collector = collectors.get(pool);
        return collector != null && collector.inventory() != null;
    }

    /** Every followed pool's current inventory (empty while connecting), in config order. */
    public Map<String, Inventory> inventories() {
        Map<String, Inventory> out = new LinkedHashMap<>();
        synchronized (collectors) {
            collectors.forEach((name, collector) -> {
                Inventory inventory = collector.inventory();
                out.put(name, inventory == null ? Inventory.empty() : inventory);
            });
        }
        return out;
    }

    public Map<String, XapiEndpoint> endpoints() {
        synchronized (endpoints) {
            return Map.copyOf(endpoints);
        }
    }

    public Map<String, PoolCollector> collectors() {
        synchronized (collectors) {
            return Map.copyOf(collectors);
        }
    }

    /** The followed pools, in config order. */
    public List<String> pools() {
        synchronized (collectors) {
            return List.copyOf(collectors.keySet());
        }
    }
}
