package io.poolpilot.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Problem;
import io.poolpilot.api.http.ProblemType;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.MaintenanceAction;
import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.OperationState;
import io.poolpilot.api.model.VmAction;
import io.poolpilot.api.model.VmActionRequest;
import io.poolpilot.api.port.OperationPort;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VM actions and host maintenance (202 + the operation to poll) and an operation's progress. Each request
 * is audited with who and why; the Idempotency-Key header makes a retry answer the first operation.
 */
public final class OperationResource {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OperationPort operations;
    private final Auditor auditor;

    public OperationResource(OperationPort operations, Auditor auditor) {
        this.operations = operations;
        this.auditor = auditor;
    }

    public Future<Reply> vmAction(Exchange ex) {
        String vmUuid = ex.uuidParam("vmUuid");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("action", "hostId", "reason");
        String actionText = body.text("action", 32, true);
        VmAction action = actionText == null ? null : VmAction.parse(actionText).orElse(null);
        if (actionText != null && action == null) {
            body.reject("action", "must be one of " + VmAction.choices() + ", got '" + Exchange.abbreviate(actionText) + "'");
        }
        String hostId = body.text("hostId", 64, false);
        if (hostId != null && !Ids.isUuid(hostId)) {
            body.reject("hostId", "must be a lower-case host UUID, got '" + Exchange.abbreviate(hostId) + "'");
        } else if (action == VmAction.MIGRATE && hostId == null) {
            body.reject("hostId", "is required for migrate (the uuid of the destination host)");
        } else if (action != null && hostId != null && !action.takesHost()) {
            body.reject("hostId", "is only for migrate, not " + action.wire());
        }
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, true);
        body.violations().throwIfAny();
        VmActionRequest request = new VmActionRequest(action, hostId, reason);
        return operations.requestVmAction(vmUuid, request, ex.actor(), ex.header(IDEMPOTENCY_KEY))
                .compose(op -> accepted(ex, "vm." + action.wire(), "vm/" + vmUuid, op));
    }

    public Future<Reply> maintenance(Exchange ex) {
        String hostUuid = ex.uuidParam("hostUuid");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("action", "reason");
        MaintenanceAction action = body.enumValue("action", MaintenanceAction.class, true);
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, true);
        body.violations().throwIfAny();
        return operations.requestMaintenance(hostUuid, action, reason, ex.actor(), ex.header(IDEMPOTENCY_KEY))
                .compose(op -> accepted(ex, "host." + action.operationAction(), "host/" + hostUuid, op));
    }

    public Future<Reply> get(Exchange ex) {
        String operationId = ex.uuidParam("operationId");
        ex.allowQuery();
        return operations.operation(operationId).map(found -> Reply.ok(Body.of(
                found.orElseThrow(() -> InventoryResource.notFound("operation", operationId)))));
    }

    private Future<Reply> accepted(Exchange ex, String action, String target, Operation op) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("operationId", op.id());
        detail.put("poolId", op.poolId());
        if (op.hostId() != null) {
            detail.put("hostId", op.hostId());
        }
        String key = ex.header(IDEMPOTENCY_KEY);
        if (key != null) {
            detail.put("idempotencyKey", key);
        }
        return auditor.record(ex, action, target, op.reason(), detail)
                .map(v -> Reply.json(202, Body.of(op)).withHeader("Location", op.location()));
    }

    /** Wire shape of an operation: the failure as a problem document, every field present. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String id, String action, Target target, String poolId, String hostId, String planId,
                OperationState state, String reason, String actor, Problem problem, Instant createdAt,
                Instant startedAt, Instant finishedAt) {
        public record Target(String type, String uuid) {
        }

        static Body of(Operation op) {
            Problem problem = op.problem() == null ? null
                    : Problem.of(ProblemType.of(op.problem().refusal()), op.problem().detail());
            return new Body(op.id(), op.action(), new Target(op.targetType(), op.targetUuid()), op.poolId(), op.hostId(),
                    op.planId(), op.state(), op.reason(), op.actor(), problem, op.createdAt(), op.startedAt(),
                    op.finishedAt());
        }
    }
}
