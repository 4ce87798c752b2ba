package io.poolpilot.api.http;

import io.poolpilot.api.model.IllegalTransitionException;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.port.PortFailure;

import java.util.Map;

/** Maps the expected failures of handlers and ports to problems, one problem type each. */
final class Failures {
    private Failures() {
    }

    /** The problem for an expected failure, or null for a bug (answered as 500 and logged by the router). */
    static ApiException known(Throwable failure) {
        return switch (failure) {
            case ApiException api -> api;
            case PortFailure.NotFound notFound -> ApiException.of(ProblemType.NOT_FOUND, notFound.getMessage());
            case PortFailure.VersionMismatch stale -> new ApiException(
                    Problem.of(ProblemType.VERSION_MISMATCH, stale.getMessage() + "; read it again and retry")
                            .with("currentVersion", stale.currentVersion()),
                    Map.of("ETag", ETags.of(stale.currentVersion())));
            case PortFailure.PoolDrifted drifted -> new ApiException(Problem.of(ProblemType.POOL_DRIFTED,
                    drifted.getMessage() + "; request a new plan").with("changes", drifted.changes()));
            case PortFailure.Unavailable unavailable -> new ApiException(
                    Problem.of(ProblemType.UNAVAILABLE, unavailable.getMessage()), Map.of("Retry-After", "5"));
            case PortFailure.InvalidCursor cursor -> new ApiException(Problem.of(ProblemType.INVALID_CURSOR,
                    "after: " + cursor.getMessage() + "; start again without 'after' or with a cursor the list returned")
                    .withErrors(java.util.List.of(new FieldError("query", "after", cursor.getMessage()))));
            case PortFailure.Refused refused -> {
                Problem problem = Problem.of(ProblemType.of(refused.refusal()), refused.getMessage());
                yield new ApiException(refused.powerState() == null ? problem : problem.with("powerState", refused.powerState()));
            }
            case PortFailure.IdempotencyKeyReused reused -> new ApiException(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    reused.getMessage()).with("operationId", reused.operationId()));
            case PortFailure.LimitReached limit -> new ApiException(Problem.of(ProblemType.LIMIT_REACHED, limit.getMessage())
                    .with("limit", limit.limit()));
            case IllegalTransitionException illegal -> new ApiException(Problem.of(ProblemType.ILLEGAL_TRANSITION, illegal.getMessage())
                    .with("state", illegal.from().wire())
                    .with("requested", illegal.to().wire())
                    .with("allowed", illegal.from().next().stream().map(PlanState::wire).sorted().toList()));
            // A bounded pool of the daemon (JDBC, XAPI) is full: the caller may retry shortly.
            case java.util.concurrent.RejectedExecutionException busy -> new ApiException(
                    Problem.of(ProblemType.UNAVAILABLE, "the daemon is busy; retry in a second"), Map.of("Retry-After", "1"));
            default -> null;
        };
    }
}
