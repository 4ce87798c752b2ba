package io.poolpilot.daemon.control;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.api.model.Readiness;
import io.poolpilot.daemon.answer.AlertService;
import io.poolpilot.daemon.answer.AnswerStore;
import io.poolpilot.daemon.answer.StorageLossAnswers;
import io.poolpilot.daemon.billing.PoolAccess;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DetectConfig;
import io.poolpilot.daemon.detect.AlertStore;
import io.poolpilot.daemon.detect.DetectorRunner;
import io.poolpilot.daemon.detect.HostDownRule;
import io.poolpilot.daemon.detect.HostOverloadRule;
import io.poolpilot.daemon.detect.PoolDetector;
import io.poolpilot.daemon.detect.StorageLostPoolRule;
import io.poolpilot.daemon.detect.StorageLostRule;
import io.poolpilot.daemon.detect.VmStrandedRule;
import io.poolpilot.daemon.execute.PoolExecutor;
import io.poolpilot.daemon.execute.StepRunner;
import io.poolpilot.daemon.execute.XapiLink;
import io.poolpilot.daemon.lease.PoolLease;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.plan.PlanStore;
import io.poolpilot.daemon.plan.SnapshotBuilder;
import io.poolpilot.daemon.policy.Autopilot;
import io.poolpilot.daemon.policy.PolicyStore;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.planner.Rules;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything that acts on pools: the plan store and planner threads, the per-pool policies, one lease
 * and executor per pool, the detector of each pool (alerts), the SSE event hub and the control API bound
 * to loopback. Built by
 * {@link io.poolpilot.daemon.DaemonRuntime}.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

    private final String owner;
    private final BlockingPool dbPool;
    private final ThreadPoolExecutor solverThreads;
    private final EventHub events;
    private final PlanService plans;
    private final PolicyStore policies;
    private final JdbcAuditLog audit;
    private final Map<String, PoolExecutor> executors = new LinkedHashMap<>();
    private final List<XapiLink> links = new ArrayList<>();
    private HttpServer api;
    /** What the API's ports hold beyond Vert.x (the console proxy's XAPI sessions). */
    private final List<AutoCloseable> apiResources = new ArrayList<>();
    private DetectorRunner detectors;
    private AlertStore alerts;
    private AlertService alertService;
    private long inventoryTimer = -1;
    private Vertx vertx;

    private ControlPlane(String owner, BlockingPool dbPool, ThreadPoolExecutor solverThreads, EventHub events,
                         PlanService plans, PolicyStore policies, JdbcAuditLog audit) {
        this.owner = owner;
        this.dbPool = dbPool;
        this.solverThreads = solverThreads;
        this.events = events;
        this.plans = plans;
        this.policies = policies;
        this.audit = audit;
    }

    public static ControlPlane start(ControlConfig config, Rules rules, DetectConfig detect, Vertx vertx, DataSource dataSource, MeterRegistry registry,
                                     LiveState live, Supplier<Map<String, Inventory>> inventories,
                                     Map<String, XapiEndpoint> endpoints, Clock clock, Supplier<Readiness> readiness,
                                     String billingAccountKey) {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        BlockingPool dbPool = new BlockingPool("db", 32, registry);
        // One solver at a time: Timefold uses a core flat out, and the daemon has collection to do.
        ThreadPoolExecutor solverThreads = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                Thread.ofPlatform().name("planner-", 0).daemon().factory());
        Db db = new Db(vertx, dataSource, dbPool);
        EventHub events = new EventHub(clock, 1_000);
        PolicyStore policies = new PolicyStore(db, () -> inventories.get().keySet(), clock);
        PlanStore store = new PlanStore(db);
        SnapshotBuilder snapshots = new SnapshotBuilder(live, rules);
        PlanService plans = new PlanService(store, db, pool -> inventories.get().get(pool), snapshots, solverThreads,
                events, clock, config.planTtl(), config.plannerMoveLimit(), registry);
        JdbcAuditLog audit = new JdbcAuditLog(db);
        ControlPlane plane = new ControlPlane(owner, dbPool, solverThreads, events, plans, policies, audit);
        plane.vertx = vertx;
        plane.alerts = new AlertStore(db);
        plane.detectors = new DetectorRunner(vertx, dbPool, plane::holdsLease, registry);
        AnswerStore answers = new AnswerStore(db);
        plane.alertService = new AlertService(plane.alerts, answers, db, clock);
        try {
            for (Map.Entry<String, XapiEndpoint> e : endpoints.entrySet()) {
                String pool = e.getKey();
                // Published from the start (at zero) so dashboards show "none yet" rather than "no data".
                io.micrometer.core.instrument.Timer.builder(io.poolpilot.daemon.metrics.MetricNames.PLANNER_SOLVE)
                        .tag("pool", pool).publishPercentileHistogram().description("planner solve time")
                        .register(registry);
                for (String outcome : java.util.List.of("done", "failed", "stale", "abandoned")) {
                    registry.counter(io.poolpilot.daemon.metrics.MetricNames.EXECUTOR_STEPS, "pool", pool,
                            io.poolpilot.daemon.metrics.MetricNames.TAG_OUTCOME, outcome);
                }
                XapiLink link = new XapiLink(e.getValue());
                plane.links.add(link);
                Supplier<Inventory> inventory = () -> inventories.get().get(pool);
                StepRunner runner = new StepRunner(pool, link, inventory, plans.steps(), clock, StepRunner.Settings.defaults(), registry);
                Autopilot autopilot = new Autopilot(pool, policies, plans, live, inventory, audit, clock, 10);
                PoolExecutor executor = new PoolExecutor(pool, new PoolLease(dataSource, pool, owner, config.leasePeriod()),
                        plans, runner, autopilot, events, clock, new PoolExecutor.Limits(config.maxParallelMigrations(),
                        config.maxMigrationsPerHost(), config.executorTick()));
                executor.start();
                plane.executors.put(pool, executor);
                PoolDetector detector = new PoolDetector(pool, inventory, List.of(new HostDownRule(), new VmStrandedRule(billingAccountKey), new StorageLostRule(), new StorageLostPoolRule(),
                        new HostOverloadRule(live, rules.cpuThresholdRatio(), detect.overload())), plane.alerts, events, clock, registry);
                plane.detectors.schedule(detector, detect.interval());
                StorageLossAnswers storageAnswers = new StorageLossAnswers(pool, answers, plane.alerts, policies, inventory,
                        PoolAccess.of(pool, e.getValue()), audit, events, clock, detect.storageGrace(), registry);
                plane.detectors.schedule(pool, "answer", storageAnswers, () -> { }, detect.interval());
            }
            plane.watchInventories(vertx, inventories);
            if (config.apiPort() >= 0) {
                plane.api = ControlApi.start(new ControlApi.Parts(config, vertx, dataSource, dbPool, db, inventories, live,
                        endpoints, plans, policies, plane.alertService, audit, events, readiness, billingAccountKey), clock, registry,
                        plane.apiResources::add);
            }
            log.info("event=control_started owner={} pools={} apiPort={}", owner, executors(plane), plane.apiPort());
            return plane;
        } catch (Exception e) {
            plane.close();
            throw new IllegalStateException("control plane did not start: " + e.getMessage(), e);
        }
    }

    private static List<String> executors(ControlPlane plane) {
        return List.copyOf(plane.executors.keySet());
    }

    /** Publishes {@code inventory.changed} when a pool's inventory version moves (checked every second). */
    private void watchInventories(Vertx vertx, Supplier<Map<String, Inventory>> inventories) {
        Map<String, Long> seen = new HashMap<>();
        inventoryTimer = vertx.setPeriodic(1_000, id -> inventories.get().forEach((pool, inventory) -> {
            Long before = seen.put(pool, inventory.version());
            if (before != null && before != inventory.version()) {
                events.publish("inventory.changed", Map.of("poolId", pool, "version", inventory.version()));
            }
        }));
    }

    public int apiPort() {
        return api == null ? -1 : api.actualPort();
    }

    public String owner() {
        return owner;
    }

    public PlanService plans() {
        return plans;
    }

    public PolicyStore policies() {
        return policies;
    }

    public JdbcAuditLog audit() {
        return audit;
    }

    public EventHub events() {
        return events;
    }

    public AlertStore alerts() {
        return alerts;
    }

    /** Whether this daemon holds the pool's lease now. */
    public boolean holdsLease(String pool) {
        PoolExecutor executor = executors.get(pool);
        return executor != null && executor.leaseHeld();
    }

    /** Stops every executor without handing leases back (a crash, for tests). */
    public void abandon() {
        executors.values().forEach(e -> e.close(false));
        executors.clear();
    }

    @Override
    public void close() {
        if (inventoryTimer >= 0 && vertx != null) {
            vertx.cancelTimer(inventoryTimer);
        }
        // The API server needs no closing of its own: it belongs to the runtime's Vert.x, closed before this.
        if (detectors != null) {
            detectors.close();
        }
        executors.values().forEach(PoolExecutor::close);
        executors.clear();
        links.forEach(XapiLink::close);
        for (AutoCloseable resource : apiResources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("event=api_resource_close_failed resource={} error=\"{}\"", resource.getClass().getSimpleName(), e.toString());
            }
        }
        solverThreads.shutdownNow();
        dbPool.close();
    }
}
