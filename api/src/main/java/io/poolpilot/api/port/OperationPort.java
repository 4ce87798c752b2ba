package io.poolpilot.api.port;

import io.poolpilot.api.model.MaintenanceAction;
import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.VmActionRequest;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * VM actions and host maintenance. A request is checked against the pool first (failing with
 * {@link PortFailure.Refused} when the pool would refuse it), then recorded as a queued operation and run
 * in the background. With an {@code idempotencyKey} (may be null) a repeat of the same request by the same
 * actor answers the first operation; the same key for another request fails with
 * {@link PortFailure.IdempotencyKeyReused}.
 */
public interface OperationPort {
    String NOT_CONFIGURED = "VM and host control not configured";

    Future<Operation> requestVmAction(String vmUuid, VmActionRequest request, String actor, String idempotencyKey);

    Future<Operation> requestMaintenance(String hostUuid, MaintenanceAction action, String reason, String actor,
                                         String idempotencyKey);

    Future<Optional<Operation>> operation(String operationId);

    /** Until control is wired: every call answers 503. */
    static OperationPort unavailable() {
        return new OperationPort() {
            @Override
            public Future<Operation> requestVmAction(String vmUuid, VmActionRequest request, String actor, String key) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }

            @Override
            public Future<Operation> requestMaintenance(String hostUuid, MaintenanceAction action, String reason,
                                                        String actor, String key) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }

            @Override
            public Future<Optional<Operation>> operation(String operationId) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }
        };
    }
}
