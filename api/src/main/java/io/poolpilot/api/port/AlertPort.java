package io.poolpilot.api.port;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Alerts raised by detection, and the answers the pools' policies give them. Only {@link #alerts} is
 * required; the rest answer 503 unavailable in wiring without answers (API tests).
 */
public interface AlertPort {
    /** The alerts that pass {@code filter}, newest first. */
    Future<Page<Alert>> alerts(AlertFilter filter, PageRequest page);

    /** Answers, newest first; {@code poolId} null for every pool. */
    default Future<Page<AlertAnswer>> answers(String poolId, PageRequest page) {
        return Future.failedFuture(new PortFailure.Unavailable("alert answers are not served here"));
    }

    default Future<Optional<AlertAnswer>> answer(String answerId) {
        return Future.failedFuture(new PortFailure.Unavailable("alert answers are not served here"));
    }

    /**
     * An operator approves ({@code approve}) or rejects a proposed answer; approving a waiting answer makes it
     * run when its grace period ends. {@link PortFailure.NotFound} or a conflict when it is past deciding.
     */
    default Future<AlertAnswer> decide(String answerId, boolean approve, String actor, String reason) {
        return Future.failedFuture(new PortFailure.Unavailable("alert answers are not served here"));
    }

    /** No alerts: for API tests and wiring without detection. */
    static AlertPort none() {
        return (filter, page) -> Future.succeededFuture(new Page<>(List.of(), null));
    }
}
