package io.poolpilot.api.port;

import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.SuspendMode;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * Billing-driven control of an account's VMs. Suspend stops every running VM billed to the account and
 * resume starts exactly the ones a suspension stopped; both are idempotent (a repeat touches no VM twice).
 * The returned operation may still be {@code running}; {@link #operation} shows its progress.
 * {@code actor} is the token name.
 */
public interface AccountPort {
    String NOT_CONFIGURED = "usage metering not configured";

    Future<AccountOperation> suspend(String accountId, SuspendMode mode, String reason, String actor);

    Future<AccountOperation> resume(String accountId, String actor);

    Future<Optional<AccountOperation>> operation(String operationId);

    /** Until account control is wired: every call answers 503. */
    static AccountPort unavailable() {
        return new AccountPort() {
            @Override
            public Future<AccountOperation> suspend(String accountId, SuspendMode mode, String reason, String actor) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }

            @Override
            public Future<AccountOperation> resume(String accountId, String actor) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }

            @Override
            public Future<Optional<AccountOperation>> operation(String operationId) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }
        };
    }
}
