package io.poolpilot.api.support;

import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.HostForecast;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanForecast;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.PortFailure;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Plans in a map; version check, transition check and drift check in that order, as the daemon will do them atomically. */
public final class InMemoryPlans implements PlanPort {
    private final InMemoryInventory inventory;
    private final Clock clock;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, List<String>> drift = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public InMemoryPlans(InMemoryInventory inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    /** Makes the next approvals of {@code planId} fail as if the pool had changed. */
    public void drift(String planId, List<String> changes) {
        drift.put(planId, changes);
    }

    public void clearDrift(String planId) {
        drift.remove(planId);
    }

    @Override
    public Future<Plan> propose(String poolId, PlanRequest request, String actor) {
        return attempt(() -> {
            if (!inventory.hasPool(poolId)) {
                throw new PortFailure.NotFound("pool", poolId);
            }
            String id = new UUID(0x3000_0000_0000_0000L, ids.incrementAndGet()).toString();
            var step = new PlanStep(0, InMemoryInventory.vmUuid(0), InMemoryInventory.hostUuid(0), InMemoryInventory.hostUuid(1),
                    4L << 30, "host-a0 CPU above the pool mean", StepStatus.PENDING);
            String a = InMemoryInventory.hostUuid(0);
            String b = InMemoryInventory.hostUuid(1);
            var forecast = new PlanForecast(
                    List.of(new HostForecast(a, 2, 8, 6.4, 0.8, 8L << 30, 0.5), new HostForecast(b, 0, 0, 0, 0, 0, 0)),
                    List.of(new HostForecast(a, 1, 4, 3.2, 0.4, 4L << 30, 0.25), new HostForecast(b, 1, 4, 3.2, 0.4, 4L << 30, 0.25)));
            Plan plan = new Plan(id, poolId, 1, PlanState.PROPOSED, request.mode(), request.hostId(), request.budgets(),
                    List.of(step), actor, clock.instant(), clock.instant(), request.reason(), forecast,
                    List.of("CPU std dev 40.0 % -> 0.0 %"));
            plans.put(id, plan);
            return plan;
        });
    }

    @Override
    public Future<Optional<Plan>> plan(String planId) {
        return Future.succeededFuture(Optional.ofNullable(plans.get(planId)));
    }

    @Override
    public Future<Page<Plan>> plans(String poolId, PageRequest page) {
        return inventory.knownPool(poolId).map(v -> Paging.page(
                plans.values().stream().filter(p -> p.poolId().equals(poolId)).toList(), Plan::id, page));
    }

    @Override
    public Future<Plan> approve(String planId, long expectedVersion, String actor, String reason) {
        return move(planId, OptionalLong.of(expectedVersion), PlanState.APPROVED, actor, reason);
    }

    @Override
    public Future<Plan> reject(String planId, OptionalLong expectedVersion, String actor, String reason) {
        return move(planId, expectedVersion, PlanState.REJECTED, actor, reason);
    }

    @Override
    public Future<Plan> cancel(String planId, OptionalLong expectedVersion, String actor, String reason) {
        return move(planId, expectedVersion, PlanState.CANCELLED, actor, reason);
    }

    /** For tests that need a plan in a later state (executing ...). */
    public Plan force(String planId, PlanState target) {
        return plans.computeIfPresent(planId, (id, p) -> with(p, p.state().moveTo(target), "test", null));
    }

    private Future<Plan> move(String planId, OptionalLong expectedVersion, PlanState target, String actor, String reason) {
        return attempt(() -> {
            synchronized (plans) {
                Plan current = plans.get(planId);
                if (current == null) {
                    throw new PortFailure.NotFound("plan", planId);
                }
                if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
                    throw new PortFailure.VersionMismatch(expectedVersion.getAsLong(), current.version());
                }
                PlanState next = current.state().moveTo(target);
                if (target == PlanState.APPROVED && drift.containsKey(planId)) {
                    throw new PortFailure.PoolDrifted(drift.get(planId));
                }
                Plan moved = with(current, next, actor, reason);
                plans.put(planId, moved);
                return moved;
            }
        });
    }

    private Plan with(Plan p, PlanState state, String actor, String reason) {
        return new Plan(p.id(), p.poolId(), p.version() + 1, state, p.mode(), p.hostId(), p.budgets(), p.steps(), p.createdBy(),
                p.createdAt(), clock.instant(), reason == null ? state.wire() + " by " + actor : reason, p.forecast(),
                p.explanation());
    }

    static <T> Future<T> attempt(Supplier<T> work) {
        try {
            return Future.succeededFuture(work.get());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
