package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.JsonBody;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.Silence;
import io.poolpilot.api.model.SilenceMatchers;
import io.poolpilot.api.port.AlertPort;
import io.vertx.core.Future;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What operators do about alerts (docs/alerts.md): acknowledge one, silence some, and approve or reject the
 * policy's answers; every change audited.
 */
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

    /** {@code {"note"}} optional; the first acknowledgement stands (a second is a 409). */
    public Future<Reply> acknowledgeAlert(Exchange ex) {
        String id = ex.numberParam("alertId");
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("note");
        String note = body.text("note", PlanResource.MAX_REASON_LENGTH, false);
        body.violations().throwIfAny();
        return alerts.acknowledge(id, ex.actor(), note).compose(alert -> auditor.record(ex, "alert.acknowledge",
                "alert/" + alert.id(), note, Map.of("poolId", String.valueOf(alert.poolId()), "kind", alert.kind(),
                        "subject", String.valueOf(alert.subject()))).map(v -> Reply.ok(alert)));
    }

    /** {@code ?state=active|pending|expired} optional, newest first. */
    public Future<Reply> listSilences(Exchange ex) {
        var page = ex.page("silences", "state");
        String state = ex.query("state");
        if (state != null && !java.util.Set.of("active", "pending", "expired").contains(state)) {
            throw Violations.single("query", "state", "must be active, pending or expired, got '" + Exchange.abbreviate(state) + "'");
        }
        return alerts.silences(state, page).map(p -> ex.pageReply("silences", p));
    }

    public Future<Reply> createSilence(Exchange ex) {
        ex.allowQuery();
        JsonBody body = new JsonBody(ex.body(), new Violations());
        body.allowOnly("matchers", "startsAt", "endsAt", "comment");
        SilenceMatchers matchers = matchers(body.object("matchers", true));
        Instant now = auditor.now();
        Instant startsAt = instant(body, "startsAt", false);
        Instant endsAt = instant(body, "endsAt", true);
        String comment = body.text("comment", PlanResource.MAX_REASON_LENGTH, true);
        Instant start = startsAt == null || startsAt.isBefore(now) ? now : startsAt;
        if (endsAt != null && !endsAt.isAfter(start)) {
            body.reject("endsAt", "must be after the silence starts (" + start + "), got " + endsAt);
        }
        body.violations().throwIfAny();
        return alerts.silence(matchers, startsAt, endsAt, comment, ex.actor()).compose(silence -> auditor.record(ex,
                "silence.create", "silence/" + silence.id(), comment, detail(silence)).map(v -> Reply.ok(silence)));
    }

    public Future<Reply> expireSilence(Exchange ex) {
        String id = ex.uuidParam("silenceId");
        ex.allowQuery();
        return alerts.expireSilence(id, ex.actor()).compose(silence -> auditor.record(ex, "silence.expire",
                "silence/" + silence.id(), null, detail(silence)).map(v -> Reply.ok(silence)));
    }

    private static SilenceMatchers matchers(JsonBody m) {
        if (m == null) {
            return null;
        }
        m.allowOnly("kind", "poolId", "hostUuid", "srUuid");
        String kind = m.text("kind", 64, false);
        if (kind != null && !kind.matches("[a-z][a-z0-9-]{0,63}")) {
            m.reject("kind", "must be an alert kind such as host-down, got '" + Exchange.abbreviate(kind) + "'");
        }
        String pool = m.text("poolId", 64, false);
        if (pool != null && !Ids.isPoolId(pool)) {
            m.reject("poolId", "must be a pool name (1-64 characters [A-Za-z0-9._-]), got '" + Exchange.abbreviate(pool) + "'");
        }
        String host = uuid(m, "hostUuid");
        String sr = uuid(m, "srUuid");
        if (kind == null && pool == null && host == null && sr == null) {
            m.reject("kind", "a silence needs at least one matcher: kind, poolId, hostUuid or srUuid");
            return null;
        }
        return m.violations().isEmpty() ? new SilenceMatchers(kind, pool, host, sr) : null;
    }

    private static String uuid(JsonBody m, String field) {
        String value = m.text(field, 64, false);
        if (value != null && !Ids.isUuid(value)) {
            m.reject(field, "must be a lower-case UUID, got '" + Exchange.abbreviate(value) + "'");
        }
        return value;
    }

    private static Instant instant(JsonBody body, String field, boolean required) {
        String text = body.text(field, 64, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            body.reject(field, "must be an RFC 3339 time such as 2026-11-25T08:00:00Z, got '" + Exchange.abbreviate(text) + "'");
            return null;
        }
    }

    private static Map<String, String> detail(Silence silence) {
        Map<String, String> detail = new LinkedHashMap<>();
        SilenceMatchers m = silence.matchers();
        if (m.kind() != null) {
            detail.put("kind", m.kind());
        }
        if (m.poolId() != null) {
            detail.put("poolId", m.poolId());
        }
        if (m.hostUuid() != null) {
            detail.put("hostUuid", m.hostUuid());
        }
        if (m.srUuid() != null) {
            detail.put("srUuid", m.srUuid());
        }
        detail.put("startsAt", silence.startsAt().toString());
        detail.put("endsAt", silence.endsAt().toString());
        return detail;
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
