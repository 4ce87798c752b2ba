package io.poolpilot.api.port;

import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanRequest;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Plans: proposing (asynchronous; the plan comes back in state proposed, its steps filled in when the
 * planner is done) and moving them through {@link io.poolpilot.api.model.PlanState}. State changes check
 * {@code expectedVersion} (when present) and the transition atomically and fail with
 * {@link PortFailure.VersionMismatch}, {@link io.poolpilot.api.model.IllegalTransitionException},
 * {@link PortFailure.PoolDrifted} (approve only) or {@link PortFailure.NotFound}. {@code actor} is the
 * token name; {@code reason} may be null for propose and approve.
 */
public interface PlanPort {
    Future<Plan> propose(String poolId, PlanRequest request, String actor);

    Future<Optional<Plan>> plan(String planId);

    /** Newest first is up to the implementation; the key must be stable while paging. */
    Future<Page<Plan>> plans(String poolId, PageRequest page);

    Future<Plan> approve(String planId, long expectedVersion, String actor, String reason);

    Future<Plan> reject(String planId, OptionalLong expectedVersion, String actor, String reason);

    Future<Plan> cancel(String planId, OptionalLong expectedVersion, String actor, String reason);
}
