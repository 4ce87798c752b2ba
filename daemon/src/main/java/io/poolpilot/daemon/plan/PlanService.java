package io.poolpilot.daemon.plan;

import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.HostForecast;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanForecast;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.Mode;
import io.poolpilot.planner.Planner;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Step;
import io.poolpilot.planner.Wave;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The daemon's {@link PlanPort}: a proposal is stored at once and solved on the planner's own threads
 * from a snapshot of the live inventory; approval re-checks the pool against the plan and refuses with
 * what changed when it no longer holds.
 */
public final class PlanService implements PlanPort {

    private static final Logger log = LoggerFactory.getLogger(PlanService.class);

    private final PlanStore store;
    private final MigrationHistory history;
    private final StepProgress steps;
    private final Db db;
    private final Function<String, Inventory> inventories;
    private final SnapshotBuilder snapshots;
    private final Planner planner = new Planner();
    private final ExecutorService solverThreads;
    private final EventHub events;
    private final Clock clock;
    private final Duration ttl;
    private final long moveLimit;

    /**
     * @param inventories pool name → its current inventory; null for a pool this daemon does not follow
     * @param moveLimit   cap on moves the solver evaluates (0: time limit only)
     */
    public PlanService(PlanStore store, Db db, Function<String, Inventory> inventories, SnapshotBuilder snapshots,
                       ExecutorService solverThreads, EventHub events, Clock clock, Duration ttl, long moveLimit,
                       io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        this.store = store;
        this.history = new MigrationHistory(db);
        this.steps = new StepProgress(db);
        this.db = db;
        this.inventories = inventories;
        this.snapshots = snapshots;
        this.solverThreads = solverThreads;
        this.events = events;
        this.clock = clock;
        this.ttl = ttl;
        this.moveLimit = moveLimit;
    }

    public PlanStore store() {
        return store;
    }

    public StepProgress steps() {
        return steps;
    }

    public MigrationHistory history() {
        return history;
    }

    @Override
    public Future<Plan> propose(String poolId, PlanRequest request, String actor) {
        if (inventories.apply(poolId) == null) {
            return Future.failedFuture(new PortFailure.NotFound("pool", poolId));
        }
        return db.call(c -> proposeNow(poolId, request, actor));
    }

    /** Blocking propose, for policies that run on their own threads. */
    public Plan proposeNow(String poolId, PlanRequest request, String actor) {
        var now = clock.instant();
        Plan plan = store.insertProposed(poolId, request.mode(), request.hostId(), request.budgets(), actor, now,
                now.plus(ttl), request.reason());
        publishState(plan);
        try {
            solverThreads.execute(() -> solve(plan, request));
        } catch (RejectedExecutionException e) {
            store.finishIf(plan.id(), PlanState.PROPOSED, PlanState.REJECTED, "planner: busy or shutting down", clock.instant())
                    .ifPresent(this::publishState);
        }
        return plan;
    }

    private final io.micrometer.core.instrument.MeterRegistry registry;

    private void solve(Plan plan, PlanRequest request) {
        try {
            Inventory inventory = inventories.apply(plan.poolId());
            Instant asOf = clock.instant();
            Map<String, String> placements = SnapshotBuilder.placements(inventory);
            PoolSnapshot snapshot = snapshots.build(plan.poolId(), inventory, asOf,
                    history.lastMigrations(plan.poolId(), placements.keySet(), asOf.minus(snapshots.cooldown())));
            io.poolpilot.planner.PlanRequest planning = new io.poolpilot.planner.PlanRequest(mode(request),
                    Budgets.ofGiB(request.budgets().maxMigrations(), request.budgets().maxGiB()),
                    Duration.ofSeconds(request.budgets().timeLimitSeconds()), moveLimit, plan.id().hashCode());
            long solveStarted = System.nanoTime();
            io.poolpilot.planner.Plan solved = planner.plan(snapshot, planning);
            io.micrometer.core.instrument.Timer.builder(io.poolpilot.daemon.metrics.MetricNames.PLANNER_SOLVE)
                    .tag("pool", plan.poolId()).publishPercentileHistogram()
                    .description("planner solve time").register(registry)
                    .record(System.nanoTime() - solveStarted, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (solved.isEmpty()) {
                store.finishIf(plan.id(), PlanState.PROPOSED, PlanState.REJECTED, "planner: nothing to do; "
                        + String.join("; ", solved.explanation()), clock.instant()).ifPresent(this::publishState);
                log.info("event=plan_empty pool={} plan={}", plan.poolId(), plan.id());
                return;
            }
            List<PlanStep> steps = new ArrayList<>();
            List<Integer> waves = new ArrayList<>();
            int wave = 0;
            for (Wave w : solved.waves()) {
                for (Step s : w.steps()) {
                    steps.add(new PlanStep(steps.size(), s.vmId(), s.fromHostId(), s.toHostId(), s.memoryBytes(),
                            s.reason().summary(), io.poolpilot.api.model.StepStatus.PENDING, wave));
                    waves.add(wave);
                }
                wave++;
            }
            Map<String, Object> predicted = new LinkedHashMap<>();
            predicted.put("before", solved.before());
            predicted.put("after", solved.after());
            Plan stored = store.recordSolution(plan.id(), snapshot.inventoryVersion(), placements,
                    steps, waves, predicted, solved.explanation(), clock.instant());
            log.info("event=plan_solved pool={} plan={} steps={} waves={} inventoryVersion={}", plan.poolId(), plan.id(),
                    steps.size(), wave, snapshot.inventoryVersion());
            publishState(stored);
        } catch (RuntimeException e) {
            log.warn("event=plan_solve_failed pool={} plan={} error=\"{}\"", plan.poolId(), plan.id(), e.getMessage());
            store.finishIf(plan.id(), PlanState.PROPOSED, PlanState.REJECTED, "planner: " + e.getMessage(), clock.instant())
                    .ifPresent(this::publishState);
        }
    }

    private static Mode mode(PlanRequest request) {
        return switch (request.mode()) {
            case BALANCE -> Mode.balance();
            case CONSOLIDATE -> Mode.consolidate();
            case EVACUATE -> Mode.evacuate(request.hostId());
        };
    }

    @Override
    public Future<Optional<Plan>> plan(String planId) {
        return db.call(c -> store.find(planId).map(PlanStore.Stored::plan).map(this::named));
    }

    /** The plan with its steps' VMs and hosts named as the pool names them now. */
    private Plan named(Plan plan) {
        InventoryNames names = InventoryNames.of(inventories.apply(plan.poolId()));
        List<PlanStep> steps = plan.steps().stream().map(s -> s.withNames(names.nameOf(s.vmUuid()),
                names.nameOf(s.fromHostUuid()), names.nameOf(s.toHostUuid()))).toList();
        PlanForecast f = plan.forecast();
        PlanForecast forecast = f == null ? null : new PlanForecast(named(f.before(), names), named(f.after(), names),
                f.measured() == null ? null : named(f.measured(), names), f.measuredAt());
        return new Plan(plan.id(), plan.poolId(), plan.version(), plan.state(), plan.mode(), plan.hostId(),
                plan.budgets(), steps, plan.createdBy(), plan.createdAt(), plan.updatedAt(), plan.stateReason(),
                forecast, plan.explanation());
    }

    private static List<HostForecast> named(List<HostForecast> loads, InventoryNames names) {
        return loads.stream().map(l -> l.withHostName(names.nameOf(l.hostId()))).toList();
    }

    @Override
    public Future<Page<Plan>> plans(String poolId, PageRequest page) {
        if (inventories.apply(poolId) == null) {
            return Future.failedFuture(new PortFailure.NotFound("pool", poolId));
        }
        return db.call(c -> {
            List<Plan> items = store.page(poolId, page.limit() + 1, page.afterKey());
            boolean more = items.size() > page.limit();
            List<Plan> shown = (more ? items.subList(0, page.limit()) : items).stream().map(this::named).toList();
            return new Page<>(shown, more ? PlanStore.pageKey(shown.getLast()) : null);
        });
    }

    @Override
    public Future<Plan> approve(String planId, long expectedVersion, String actor, String reason) {
        return db.call(c -> approveNow(planId, OptionalLong.of(expectedVersion), actor, reason));
    }

    /** Blocking approve with the drift check, for the automatic policy too. */
    public Plan approveNow(String planId, OptionalLong expectedVersion, String actor, String reason) {
        Plan plan = store.transition(planId, expectedVersion, PlanState.APPROVED, "approved by " + actor
                + (reason == null ? "" : ": " + reason), clock.instant(), stored -> {
                    if (!stored.planned()) {
                        throw new PortFailure.Unavailable("plan " + planId + " is still being solved; approve it when its steps are in");
                    }
                    Inventory now = inventories.apply(stored.plan().poolId());
                    if (now == null) {
                        throw new PortFailure.Unavailable("pool " + stored.plan().poolId() + " has no inventory now");
                    }
                    List<String> changes = Drift.changes(stored.placements(), stored.plan().steps(), now);
                    if (!changes.isEmpty()) {
                        throw new PortFailure.PoolDrifted(changes);
                    }
                });
        log.info("event=plan_approved pool={} plan={} actor={}", plan.poolId(), plan.id(), actor);
        publishState(plan);
        return plan;
    }

    @Override
    public Future<Plan> reject(String planId, OptionalLong expectedVersion, String actor, String reason) {
        return db.call(c -> {
            Plan plan = store.transition(planId, expectedVersion, PlanState.REJECTED, "rejected by " + actor
                    + (reason == null ? "" : ": " + reason), clock.instant(), stored -> { });
            publishState(plan);
            return plan;
        });
    }

    @Override
    public Future<Plan> cancel(String planId, OptionalLong expectedVersion, String actor, String reason) {
        return db.call(c -> {
            Plan plan = store.transition(planId, expectedVersion, PlanState.CANCELLED, "cancelled by " + actor
                    + (reason == null ? "" : ": " + reason), clock.instant(), stored -> { });
            publishState(plan);
            return plan;
        });
    }

    /**
     * Measures every host's load now that a plan has run and stores it beside the prediction; returns the
     * plan as it is then (empty when the pool has no inventory or the measurement failed, which is logged).
     */
    public Optional<Plan> recordMeasured(String planId, String poolId) {
        try {
            Inventory inventory = inventories.apply(poolId);
            if (inventory == null) {
                return Optional.empty();
            }
            Instant at = clock.instant();
            PlanMeasurement.store(db, planId, PlanMeasurement.measure(snapshots.build(poolId, inventory, at, Map.of())), at);
            return store.find(planId).map(PlanStore.Stored::plan);
        } catch (RuntimeException e) {
            log.warn("event=plan_measure_failed pool={} plan={} error=\"{}\"", poolId, planId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Expires plans past their TTL. */
    public void expireDue() {
        store.expireDue(clock.instant()).forEach(this::publishState);
    }

    public void publishState(Plan plan) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("planId", plan.id());
        data.put("poolId", plan.poolId());
        data.put("state", plan.state().wire());
        data.put("version", plan.version());
        data.put("steps", plan.steps().size());
        if (plan.stateReason() != null) {
            data.put("reason", plan.stateReason());
        }
        events.publish("plan.state", data);
    }

}
