package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.port.AlertPort;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/** Answers to alerts (docs/alerts.md, "Answers"): listed, read, approved or rejected by an operator, audited. */
public final class AlertResource {
    private final AlertPort alerts;
    private final Auditor auditor;

    public AlertResource(AlertPort alerts, Auditor auditor) {
        this.alerts = alerts;
        this.auditor = auditor;
    }

    /** {@code ?pool=} optional, newest first with the usual paging. */
    public Future<Reply> listAnswers(Exchange ex) {
        var page = ex.page("answers", "pool");
        String pool = ex.query("pool");
        if (pool != null && !Ids.isPoolId(pool)) {
            throw Violations.single("query", "pool", "must be a pool name (1-64 characters [A-Za-z0-9._-]), got '"
                    + Exchange.abbreviate(pool) + "'");
        }
        return alerts.answers(pool, page).map(p -> ex.pageReply("answers", p));
    }

    public Future<Reply> getAnswer(Exchange ex) {
        String id = ex.uuidParam("answerId");
        ex.allowQuery();
        return alerts.answer(id).map(found -> Reply.ok(found.orElseThrow(() -> InventoryResource.notFound("answer", id))));
    }

    public Future<Reply> approveAnswer(Exchange ex) {
        return decide(ex, true);
    }

    public Future<Reply> rejectAnswer(Exchange ex) {
        return decide(ex, false);
    }

    private Future<Reply> decide(Exchange ex, boolean approve) {
        String id = ex.uuidParam("answerId");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("reason");
        String reason = body.text("reason", PlanResource.MAX_REASON_LENGTH, !approve);
        body.violations().throwIfAny();
        return alerts.decide(id, approve, ex.actor(), reason)
                .compose(answer -> auditor.record(ex, approve ? "answer.approve" : "answer.reject", "answer/" + answer.id(),
                        reason, detail(answer)).map(v -> Reply.ok(answer)));
    }

    private static Map<String, String> detail(AlertAnswer answer) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("poolId", answer.poolId());
        detail.put("kind", answer.kind());
        detail.put("alertId", answer.alertId());
        detail.put("state", answer.state().wire());
        return detail;
    }
}
