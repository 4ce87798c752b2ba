package io.poolpilot.daemon.execute;

import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.plan.PlanStore;
import io.poolpilot.daemon.plan.StepProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Executes one plan of a pool, wave by wave: steps of a wave in parallel within the pool's and the hosts'
 * permits, each outcome stored as it happens; a failed or stale step stops the plan with the rest skipped.
 */
final class PlanRun {

    private static final Logger log = LoggerFactory.getLogger(PlanRun.class);
    private static final String CANCELLED = "plan cancelled";

    private final String poolName;
    private final String owner;
    private final PlanService plans;
    private final PlanStore store;
    private final StepProgress steps;
    private final StepRunner runner;
    private final EventHub events;
    private final Clock clock;
    private final Semaphore poolPermits;
    private final Map<String, Semaphore> hostPermits;
    private final int maxPerHost;
    private final BooleanSupplier mayAct;
    /** The pool's names as the plan starts, for the texts and events of this run. */
    private volatile io.poolpilot.daemon.plan.InventoryNames names = io.poolpilot.daemon.plan.InventoryNames.of(null);

    PlanRun(String poolName, String owner, PlanService plans, StepRunner runner, EventHub events, Clock clock,
            Semaphore poolPermits, Map<String, Semaphore> hostPermits, int maxPerHost, BooleanSupplier mayAct) {
        this.poolName = poolName;
        this.owner = owner;
        this.plans = plans;
        this.store = plans.store();
        this.steps = plans.steps();
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.poolPermits = poolPermits;
        this.hostPermits = hostPermits;
        this.maxPerHost = maxPerHost;
        this.mayAct = mayAct;
    }

    void execute(PlanStore.Stored stored) {
        Plan plan = stored.plan();
        names = runner.names();
        if (plan.state() == PlanState.APPROVED) {
            Optional<Plan> started = store.finishIf(plan.id(), PlanState.APPROVED, PlanState.EXECUTING,
                    "executing (owner " + owner + ")", clock.instant());
            if (started.isEmpty()) {
                return;
            }
            plan = started.get();
            plans.publishState(plan);
            log.info("event=plan_executing pool={} plan={} steps={}", poolName, plan.id(), plan.steps().size());
        } else {
            log.info("event=plan_resumed pool={} plan={} owner={}", poolName, plan.id(), owner);
        }
        Map<Integer, Integer> waveOf = steps.waves(plan.id());
        TreeMap<Integer, List<PlanStep>> waves = new TreeMap<>();
        for (PlanStep step : plan.steps()) {
            waves.computeIfAbsent(waveOf.getOrDefault(step.index(), step.index()), w -> new ArrayList<>()).add(step);
        }
        String planId = plan.id();
        for (Map.Entry<Integer, List<PlanStep>> wave : waves.entrySet()) {
            List<PlanStep> todo = new ArrayList<>();
            for (PlanStep step : wave.getValue()) {
                if (step.status() == StepStatus.FAILED) {
                    stop(planId, PlanState.FAILED, "step " + step.index() + " failed");
                    return;
                }
                if (step.status() == StepStatus.PENDING || step.status() == StepStatus.RUNNING) {
                    todo.add(step);
                }
            }
            Map<PlanStep, StepOutcome> outcomes = runWave(planId, todo);
            List<String> failed = new ArrayList<>();
            List<String> stale = new ArrayList<>();
            boolean abandoned = false;
            boolean cancelled = false;
            for (Map.Entry<PlanStep, StepOutcome> e : outcomes.entrySet()) {
                int index = e.getKey().index();
                switch (e.getValue()) {
                    case StepOutcome.Done d -> steps.stepEnded(planId, index, new StepProgress.StepEnd(StepStatus.DONE, d.detail()), clock.instant());
                    case StepOutcome.Failed f -> {
                        steps.stepEnded(planId, index, new StepProgress.StepEnd(StepStatus.FAILED, f.detail(), f.error()),
                                clock.instant());
                        failed.add("step " + index + " (vm " + names.ofUuid(e.getKey().vmUuid()) + "): "
                                + f.detail());
                    }
                    case StepOutcome.Stale s -> {
                        if (s.detail().startsWith(CANCELLED)) {
                            cancelled = true;
                        } else {
                            stale.add("step " + index + ": " + s.detail());
                        }
                        steps.stepEnded(planId, index, new StepProgress.StepEnd(StepStatus.SKIPPED, s.detail()), clock.instant());
                    }
                    case StepOutcome.Abandoned a -> abandoned = true;
                }
                publishProgress(planId, e.getKey(), e.getValue());
            }
            if (abandoned) {
                log.info("event=plan_left pool={} plan={} why=\"lease lost or shutting down\"", poolName, planId);
                return;
            }
            if (!failed.isEmpty()) {
                stop(planId, PlanState.FAILED, String.join("; ", failed));
                return;
            }
            if (!stale.isEmpty()) {
                stop(planId, PlanState.FAILED, "stopped: the pool no longer matches the plan: " + String.join("; ", stale));
                return;
            }
            if (cancelled) {
                skipRest(planId, "plan cancelled");
                return;
            }
        }
        // Measured before the state changes, so a plan seen as ended always has its measurement.
        plans.recordMeasured(planId, poolName);
        store.finishIf(planId, PlanState.EXECUTING, PlanState.SUCCEEDED, "all steps done", clock.instant())
                .ifPresent(done -> {
                    log.info("event=plan_succeeded pool={} plan={}", poolName, done.id());
                    plans.publishState(done);
                });
    }

    private Map<PlanStep, StepOutcome> runWave(String planId, List<PlanStep> steps) {
        Map<PlanStep, StepOutcome> outcomes = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (PlanStep step : steps) {
            threads.add(Thread.ofVirtual().name("step-" + poolName + "-" + step.index()).start(() ->
                    outcomes.put(step, runLimited(planId, step))));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<PlanStep, StepOutcome> ordered = new LinkedHashMap<>();
        steps.forEach(s -> ordered.put(s, outcomes.getOrDefault(s, new StepOutcome.Abandoned("interrupted"))));
        return ordered;
    }

    private StepOutcome runLimited(String planId, PlanStep step) {
        List<Semaphore> held = new ArrayList<>();
        try {
            poolPermits.acquire();
            held.add(poolPermits);
            for (String host : new TreeSet<>(List.of(step.fromHostUuid(), step.toHostUuid()))) {
                Semaphore permits = hostPermits.computeIfAbsent(host, h -> new Semaphore(maxPerHost));
                permits.acquire();
                held.add(permits);
            }
            if (!mayAct.getAsBoolean()) {
                return new StepOutcome.Abandoned("lease lost or shutting down");
            }
            Optional<PlanStore.Stored> now = store.find(planId);
            if (now.isEmpty() || now.get().plan().state() != PlanState.EXECUTING) {
                return new StepOutcome.Stale(CANCELLED + " before this step");
            }
            return runner.run(planId, step, mayAct, progress -> publishProgress(planId, step, progress));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepOutcome.Abandoned("interrupted");
        } catch (RuntimeException e) {
            // An error reading the pool or the database: leave the step for the next tick or owner.
            log.warn("event=step_error pool={} plan={} step={} error=\"{}\"", poolName, planId, step.index(), e.toString());
            return new StepOutcome.Abandoned(e.toString());
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).release();
            }
        }
    }

    private void stop(String planId, PlanState state, String reason) {
        skipRest(planId, "not run: " + reason);
        plans.recordMeasured(planId, poolName);
        store.finishIf(planId, PlanState.EXECUTING, state, reason, clock.instant()).ifPresent(p -> {
            log.info("event=plan_stopped pool={} plan={} state={} reason=\"{}\"", poolName, planId, state.wire(), reason);
            plans.publishState(p);
        });
    }

    private void skipRest(String planId, String why) {
        store.find(planId).ifPresent(s -> {
            for (PlanStep step : s.plan().steps()) {
                if (step.status() == StepStatus.PENDING) {
                    steps.stepEnded(planId, step.index(), new StepProgress.StepEnd(StepStatus.SKIPPED, why), clock.instant());
                }
            }
        });
    }

    private void publishProgress(String planId, PlanStep step, Object progress) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("planId", planId);
        data.put("poolId", poolName);
        data.put("step", step.index());
        data.put("vmUuid", step.vmUuid());
        data.put("vm", names.ofUuid(step.vmUuid()));
        if (progress instanceof Double fraction) {
            data.put("progress", fraction);
        } else if (progress instanceof StepOutcome outcome) {
            data.put("outcome", outcome.getClass().getSimpleName().toLowerCase());
        }
        events.publish("plan.progress", data);
    }

}
