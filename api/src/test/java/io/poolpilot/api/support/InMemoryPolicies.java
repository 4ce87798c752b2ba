package io.poolpilot.api.support;

import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PolicyUpdate;
import io.poolpilot.api.model.PoolPolicy;
import io.poolpilot.api.port.PolicyPort;
import io.poolpilot.api.port.PortFailure;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Policies per pool, every pool starting manual at version 1. */
public final class InMemoryPolicies implements PolicyPort {
    private final InMemoryInventory inventory;
    private final Clock clock;
    private final Map<String, PoolPolicy> policies = new ConcurrentHashMap<>();

    public InMemoryPolicies(InMemoryInventory inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public Future<Optional<PoolPolicy>> policy(String poolId) {
        if (!inventory.hasPool(poolId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return Future.succeededFuture(Optional.of(policies.computeIfAbsent(poolId, this::initial)));
    }

    @Override
    public Future<PoolPolicy> replace(String poolId, PolicyUpdate update, OptionalLong expectedVersion, String actor) {
        return InMemoryPlans.attempt(() -> {
            if (!inventory.hasPool(poolId)) {
                throw new PortFailure.NotFound("pool", poolId);
            }
            synchronized (policies) {
                PoolPolicy current = policies.computeIfAbsent(poolId, this::initial);
                if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
                    throw new PortFailure.VersionMismatch(expectedVersion.getAsLong(), current.version());
                }
                PoolPolicy next = new PoolPolicy(poolId, current.version() + 1, update.mode(), update.limits(), update.advisory(),
                        actor, clock.instant());
                policies.put(poolId, next);
                return next;
            }
        });
    }

    private PoolPolicy initial(String poolId) {
        return new PoolPolicy(poolId, 1, PolicyMode.MANUAL, new PolicyLimits(0, 0, null), null, "config", clock.instant());
    }
}
