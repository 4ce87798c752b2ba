package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.SuspendMode;
import io.poolpilot.api.port.AccountPort;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Suspending and resuming a billing account's VMs (202 + the operation to poll) and reading an
 * operation's progress. Every suspend and resume is audited with who, why and which operation.
 */
public final class AccountResource {
    private final AccountPort accounts;
    private final Auditor auditor;

    public AccountResource(AccountPort accounts, Auditor auditor) {
        this.accounts = accounts;
        this.auditor = auditor;
    }

    public Future<Reply> suspend(Exchange ex) {
        String accountId = ex.accountIdParam("accountId");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("mode", "reason");
        SuspendMode mode = body.enumValue("mode", SuspendMode.class, true);
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, true);
        body.violations().throwIfAny();
        return accounts.suspend(accountId, mode, reason, ex.actor())
                .compose(op -> accepted(ex, "account.suspend", op, reason));
    }

    public Future<Reply> resume(Exchange ex) {
        String accountId = ex.accountIdParam("accountId");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("reason");
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, true);
        body.violations().throwIfAny();
        return accounts.resume(accountId, ex.actor())
                .compose(op -> accepted(ex, "account.resume", op, reason));
    }

    public Future<Reply> operation(Exchange ex) {
        String operationId = ex.uuidParam("operationId");
        ex.allowQuery();
        return accounts.operation(operationId).map(found -> InventoryResource.okOr404(found, "account operation", operationId));
    }

    private Future<Reply> accepted(Exchange ex, String action, AccountOperation op, String reason) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("operationId", op.id());
        if (op.mode() != null) {
            detail.put("mode", op.mode().wire());
        }
        detail.put("state", op.state().wire());
        detail.put("vms", Integer.toString(op.steps().size()));
        return auditor.record(ex, action, "account/" + op.account(), reason, detail)
                .map(v -> Reply.json(202, op).withHeader("Location", op.location()));
    }
}
