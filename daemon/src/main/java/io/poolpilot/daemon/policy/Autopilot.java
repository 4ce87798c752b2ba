package io.poolpilot.daemon.policy;

import io.poolpilot.api.model.AdvisoryTrigger;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PoolPolicy;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.JdbcAuditLog;
import io.poolpilot.daemon.live.HostCpu;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A pool's policy in action, run by the pool's executor while it holds the lease: in advisory and
 * automatic mode it proposes a balance plan once the CPU imbalance between hosts stayed over the
 * threshold long enough; in automatic mode it approves its own plans when they fit the hourly limits
 * and it is not quiet hours (UTC).
 */
public final class Autopilot implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Autopilot.class);

    /** Actor names in plans and the audit log. */
    public static final String ADVISORY_ACTOR = "policy-advisory";
    public static final String AUTOMATIC_ACTOR = "policy-automatic";
    /** Used by automatic pools configured without an advisory trigger. */
    public static final AdvisoryTrigger DEFAULT_TRIGGER = new AdvisoryTrigger(0.25, 300);
    private static final double GIB = 1L << 30;
    /** How long the policy waits after one of its plans did not succeed before it proposes again. */
    public static final Duration RETRY_AFTER_UNSUCCESSFUL = Duration.ofMinutes(15);

    private final String poolName;
    private final PolicyStore policies;
    private final PlanService plans;
    private final LiveState live;
    private final Supplier<Inventory> inventory;
    private final JdbcAuditLog audit;
    private final Clock clock;
    private final int planTimeLimitSeconds;
    private Instant overSince;

    public Autopilot(String poolName, PolicyStore policies, PlanService plans, LiveState live, Supplier<Inventory> inventory,
                     JdbcAuditLog audit, Clock clock, int planTimeLimitSeconds) {
        this.poolName = poolName;
        this.policies = policies;
        this.plans = plans;
        this.live = live;
        this.inventory = inventory;
        this.audit = audit;
        this.clock = clock;
        this.planTimeLimitSeconds = planTimeLimitSeconds;
    }

    @Override
    public void run() {
        PoolPolicy policy = policies.current(poolName);
        if (policy.mode() == PolicyMode.MANUAL) {
            overSince = null;
            return;
        }
        Instant now = clock.instant();
        if (policy.mode() == PolicyMode.AUTOMATIC) {
            approveOwnPlans(policy, now);
        }
        if (evacuateFromLostStorage(policy, now)) {
            return;
        }
        AdvisoryTrigger trigger = policy.advisory() != null ? policy.advisory() : DEFAULT_TRIGGER;
        OptionalDouble imbalance = imbalance();
        if (imbalance.isEmpty() || imbalance.getAsDouble() <= trigger.imbalanceThreshold()) {
            overSince = null;
            return;
        }
        if (overSince == null) {
            overSince = now;
            log.info("event=imbalance_over_threshold pool={} imbalance={} threshold={}", poolName,
                    fmt(imbalance.getAsDouble()), trigger.imbalanceThreshold());
        }
        if (Duration.between(overSince, now).toSeconds() < trigger.sustainedSeconds() || plans.store().hasOpenPlan(poolName)
                || recentlyUnsuccessful(now, PlanMode.BALANCE)) {
            return;
        }
        PlanBudgets budgets = budgets(policy, now);
        if (budgets == null) {
            return; // the hourly allowance is used up: an automatic plan could not be approved anyway
        }
        String reason = "CPU imbalance " + fmt(imbalance.getAsDouble()) + " over " + trigger.imbalanceThreshold()
                + " for " + Duration.between(overSince, now).toSeconds() + " s";
        propose(policy, new PlanRequest(PlanMode.BALANCE, null, budgets, reason), Map.of("poolId", poolName, "mode", "balance"), now);
        overSince = null;
    }

    /** Proposes a plan as the policy's actor, audited and logged. */
    private void propose(PoolPolicy policy, PlanRequest request, Map<String, String> auditDetails, Instant now) {
        String actor = policy.mode() == PolicyMode.AUTOMATIC ? AUTOMATIC_ACTOR : ADVISORY_ACTOR;
        Plan plan = plans.proposeNow(poolName, request, actor);
        audit.append(new AuditEntry(null, now, actor, "plan.propose", "plan/" + plan.id(), request.reason(), auditDetails));
        log.info("event=plan_proposed_by_policy pool={} plan={} mode={} reason=\"{}\"", poolName, plan.id(),
                policy.mode().wire(), request.reason());
    }

    /**
     * The answer to {@code storage-lost} ({@link StorageEvacuation}): an evacuation plan for the host that lost
     * a shared SR the rest of the pool still reaches, proposed as any policy plan is (approved by an operator in
     * advisory pools, by the limits in automatic ones). True when it proposed one or one is already open.
     */
    private boolean evacuateFromLostStorage(PoolPolicy policy, Instant now) {
        var need = StorageEvacuation.needed(inventory.get());
        if (need.isEmpty()) {
            return false;
        }
        if (plans.store().hasOpenPlan(poolName) || recentlyUnsuccessful(now, PlanMode.EVACUATE)) {
            return true;
        }
        PlanBudgets budgets = budgets(policy, now);
        if (budgets == null) {
            return true;
        }
        String host = need.get().hostUuid();
        propose(policy, new PlanRequest(PlanMode.EVACUATE, host, budgets, need.get().reason()),
                Map.of("poolId", poolName, "mode", "evacuate", "hostId", host), now);
        return true;
    }

    /**
     * True when the policy's last plan of this mode failed, was rejected (by an operator, by drift, or by the
     * planner finding nothing to do) or expired less than {@link #RETRY_AFTER_UNSUCCESSFUL} ago: proposing the
     * same thing again at once would only churn the solver and the audit log. Per mode, so a rejected balance
     * plan does not hold back the answer to lost storage.
     */
    private boolean recentlyUnsuccessful(Instant now, PlanMode mode) {
        for (Plan plan : plans.store().page(poolName, 10, null)) {
            if (plan.mode() == mode && plan.createdBy() != null && plan.createdBy().startsWith("policy-")) {
                return plan.state() != PlanState.SUCCEEDED && plan.state().terminal()
                        && plan.updatedAt().plus(RETRY_AFTER_UNSUCCESSFUL).isAfter(now);
            }
        }
        return false;
    }

    /** Spread of host CPU (max − min of the latest fraction) over enabled hosts with a sample; empty without two. */
    OptionalDouble imbalance() {
        Inventory inv = inventory.get();
        if (inv == null) {
            return OptionalDouble.empty();
        }
        double min = Double.MAX_VALUE;
        double max = -1;
        int hosts = 0;
        for (Host host : inv.hosts().values()) {
            if (!host.enabled()) {
                continue;
            }
            var window = live.hostWindow(host.uuid());
            if (window.isEmpty()) {
                continue;
            }
            OptionalDouble smoothed = HostCpu.smoothed(window, window.size() - 1);
            if (smoothed.isEmpty()) {
                continue;
            }
            double cpu = smoothed.getAsDouble();
            min = Math.min(min, cpu);
            max = Math.max(max, cpu);
            hosts++;
        }
        return hosts < 2 ? OptionalDouble.empty() : OptionalDouble.of(max - min);
    }

    private PlanBudgets budgets(PoolPolicy policy, Instant now) {
        if (policy.mode() != PolicyMode.AUTOMATIC) {
            return new PlanBudgets(PlanBudgets.DEFAULTS.maxMigrations(), PlanBudgets.DEFAULTS.maxGiB(), planTimeLimitSeconds);
        }
        long[] moved = plans.history().movedSince(poolName, now.minus(Duration.ofHours(1)));
        PolicyLimits limits = policy.limits();
        int migrations = (int) Math.min(PlanBudgets.DEFAULTS.maxMigrations(), limits.migrationsPerHour() - moved[0]);
        double gib = Math.min(PlanBudgets.DEFAULTS.maxGiB(), limits.gibPerHour() - moved[1] / GIB);
        if (migrations < 1 || gib <= 0) {
            return null;
        }
        return new PlanBudgets(migrations, gib, planTimeLimitSeconds);
    }

    private void approveOwnPlans(PoolPolicy policy, Instant now) {
        for (Plan plan : plans.store().page(poolName, 20, null)) {
            if (plan.state() != PlanState.PROPOSED || !AUTOMATIC_ACTOR.equals(plan.createdBy()) || plan.steps().isEmpty()) {
                continue;
            }
            long[] moved = plans.history().movedSince(poolName, now.minus(Duration.ofHours(1)));
            long bytes = plan.steps().stream().mapToLong(PlanStep::memoryBytes).sum();
            AutomaticApproval.Decision decision = AutomaticApproval.decide(policy.limits(), moved[0], moved[1],
                    plan.steps().size(), bytes, now);
            if (!decision.approve()) {
                continue; // it waits; it expires if the limits or quiet hours outlast its TTL
            }
            String reason = decision.reason();
            try {
                Plan approved = plans.approveNow(plan.id(), OptionalLong.of(plan.version()), AUTOMATIC_ACTOR, reason);
                audit.append(new AuditEntry(null, now, AUTOMATIC_ACTOR, "plan.approve", "plan/" + plan.id(), reason,
                        Map.of("poolId", poolName, "version", Long.toString(approved.version()))));
            } catch (PortFailure.PoolDrifted drifted) {
                plans.store().transition(plan.id(), OptionalLong.empty(), PlanState.REJECTED,
                        "rejected by " + AUTOMATIC_ACTOR + ": " + drifted.getMessage(), now, s -> { });
            } catch (PortFailure.VersionMismatch | PortFailure.Unavailable notYet) {
                // changed or still solving: look again next tick
            }
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

}
