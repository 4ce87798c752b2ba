package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.http.Violations;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.AuditLog;
import io.vertx.core.Future;

/** Read-only records: alerts raised by detection and the audit log. */
public final class RecordResource {
    private final AlertPort alerts;
    private final AuditLog audit;

    public RecordResource(AlertPort alerts, AuditLog audit) {
        this.alerts = alerts;
        this.audit = audit;
    }

    /** {@code ?state=open|cleared&pool=&kind=}, each optional, with the usual paging. */
    public Future<Reply> listAlerts(Exchange ex) {
        var page = ex.page("alerts", "state", "pool", "kind");
        Violations violations = new Violations();
        String state = ex.query("state");
        Boolean open = null;
        if ("open".equals(state)) {
            open = true;
        } else if ("cleared".equals(state)) {
            open = false;
        } else if (state != null) {
            violations.add("query", "state", "must be one of [open, cleared], got '" + Exchange.abbreviate(state) + "'");
        }
        String pool = ex.query("pool");
        if (pool != null && !Ids.isPoolId(pool)) {
            violations.add("query", "pool", "must be a pool name (1-64 characters [A-Za-z0-9._-]), got '" + Exchange.abbreviate(pool) + "'");
        }
        String kind = ex.query("kind");
        if (kind != null && !kind.matches("[a-z][a-z0-9-]{0,63}")) {
            violations.add("query", "kind", "must be an alert kind such as host-down, got '" + Exchange.abbreviate(kind) + "'");
        }
        violations.throwIfAny();
        return alerts.alerts(new AlertFilter(open, pool, kind), page).map(p -> ex.pageReply("alerts", p));
    }

    public Future<Reply> listAudit(Exchange ex) {
        var page = ex.page("audit");
        return audit.entries(page).map(p -> ex.pageReply("audit", p));
    }
}
