package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One VM action or host maintenance and how it is going; polled at {@code GET /v1/operations/{id}}.
 *
 * @param action     a {@link VmAction} wire name or {@code maintenance-enter|maintenance-exit}
 * @param targetType {@code vm} or {@code host}
 * @param hostId     migrate: the destination; start/resume: the host asked for; else null
 * @param planId     maintenance-enter: the evacuation plan once made; else null
 * @param problem    why it failed; null unless state is failed
 */
public record Operation(String id, String action, String targetType, String targetUuid, String poolId, String hostId,
                        String planId, OperationState state, String reason, String actor, Failure problem,
                        Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** What went wrong, as a refusal kind and a sentence for people. */
    public record Failure(Refusal refusal, String detail) {
        public Failure {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public Operation {
        Ids.requireUuid("operation id", id);
        Objects.requireNonNull(action, "action");
        if (!"vm".equals(targetType) && !"host".equals(targetType)) {
            throw new IllegalArgumentException("operation target type must be vm or host, got '" + targetType + "'");
        }
        Ids.requireUuid("operation target uuid", targetUuid);
        Ids.requirePoolId("operation poolId", poolId);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((state == OperationState.FAILED) != (problem != null)) {
            throw new IllegalArgumentException("operation " + id + ": a problem exactly when failed, state " + state.wire());
        }
        if (state.isFinished() != (finishedAt != null)) {
            throw new IllegalArgumentException("operation " + id + ": finishedAt exactly when finished, state " + state.wire());
        }
    }

    /** Where the operation can be polled. */
    public String location() {
        return "/v1/operations/" + id;
    }

    /** The operation started on the pool. */
    public Operation running(Instant at) {
        return move(OperationState.RUNNING, null, at, null);
    }

    public Operation succeeded(Instant at) {
        return move(OperationState.SUCCEEDED, null, startedAt, at);
    }

    public Operation failed(Failure why, Instant at) {
        return move(OperationState.FAILED, why, startedAt, at);
    }

    /** The same operation, now naming the plan it made. */
    public Operation withPlan(String newPlanId) {
        return new Operation(id, action, targetType, targetUuid, poolId, hostId, newPlanId, state, reason, actor, problem,
                createdAt, startedAt, finishedAt);
    }

    private Operation move(OperationState to, Failure why, Instant started, Instant finished) {
        if (!state.next().contains(to)) {
            throw new IllegalStateException("operation " + id + " cannot move from " + state.wire() + " to " + to.wire());
        }
        return new Operation(id, action, targetType, targetUuid, poolId, hostId, planId, to, reason, actor, why, createdAt,
                started, finished);
    }
}
