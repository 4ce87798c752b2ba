package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.plan.PlanStore;
import io.poolpilot.daemon.policy.PolicyStore;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Empties a host through the plan path: an evacuation plan whose budgets are what the pool's hourly limits
 * still allow, approved for the operator who asked for maintenance once it is solved, then run by the
 * pool's executor (its parallelism and per-host limits) like any approved plan. Blocking.
 */
final class PlanEvacuation implements HostMaintenance.Evacuation {

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration DEADLINE = Duration.ofHours(6);

    private final PlanService plans;
    private final PolicyStore policies;
    private final Clock clock;

    PlanEvacuation(PlanService plans, PolicyStore policies, Clock clock) {
        this.plans = plans;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public String evacuate(String poolId, String hostUuid, String actor, String reason, Consumer<String> planMade) {
        Plan plan = plans.proposeNow(poolId, new PlanRequest(PlanMode.EVACUATE, hostUuid, budgets(poolId), reason), actor);
        planMade.accept(plan.id());
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        boolean approved = false;
        while (true) {
            PlanStore.Stored stored = plans.store().find(plan.id()).orElseThrow(() ->
                    new IllegalStateException("plan " + plan.id() + " vanished"));
            Plan now = stored.plan();
            if (now.state() == PlanState.SUCCEEDED) {
                return plan.id();
            }
            if (now.state() == PlanState.REJECTED && now.stateReason() != null
                    && now.stateReason().startsWith("planner: nothing to do")) {
                return plan.id(); // the host runs no VM: nothing to move
            }
            if (now.state().terminal()) {
                throw new IllegalStateException("plan " + plan.id() + " ended " + now.state().name().toLowerCase(
                        java.util.Locale.ROOT) + (now.stateReason() == null ? "" : ": " + now.stateReason()));
            }
            if (!approved && now.state() == PlanState.PROPOSED && stored.planned()) {
                plans.approveNow(plan.id(), OptionalLong.of(now.version()), actor, "host maintenance: " + reason);
                approved = true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("plan " + plan.id() + " still " + now.state() + " after " + DEADLINE);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** The default budgets, cut to what the pool's hourly limits leave; at least one migration. */
    private PlanBudgets budgets(String poolId) {
        PolicyLimits limits = policies.current(poolId).limits();
        long[] moved = plans.history().movedSince(poolId, clock.instant().minus(Duration.ofHours(1)));
        int migrations = (int) Math.max(1, Math.min(PlanBudgets.DEFAULTS.maxMigrations(), limits.migrationsPerHour() - moved[0]));
        double gib = Math.max(1, Math.min(PlanBudgets.DEFAULTS.maxGiB(), limits.gibPerHour() - moved[1] / GIB));
        return new PlanBudgets(migrations, gib, PlanBudgets.DEFAULTS.timeLimitSeconds());
    }
}
