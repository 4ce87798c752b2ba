package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.Reply;
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

    public Future<Reply> listAlerts(Exchange ex) {
        var page = ex.page("alerts");
        return alerts.alerts(page).map(p -> ex.pageReply("alerts", p));
    }

    public Future<Reply> listAudit(Exchange ex) {
        var page = ex.page("audit");
        return audit.entries(page).map(p -> ex.pageReply("audit", p));
    }
}
