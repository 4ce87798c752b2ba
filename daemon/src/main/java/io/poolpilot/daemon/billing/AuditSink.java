package io.poolpilot.daemon.billing;

import java.time.Instant;
import java.util.UUID;

/** Where account control reports who did what and why (the API's audit log plugs in here). */
@FunctionalInterface
public interface AuditSink {

    /** One audited event: an operation started or finished, or one VM was stopped or started. */
    record AuditEvent(Instant at, String actor, String event, String account, UUID operationId, String detail) {
    }

    void record(AuditEvent event);

    /** Logs every event as one structured line. */
    static AuditSink logging() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.poolpilot.audit");
        return e -> log.info("event=audit action={} actor={} account={} operation={} detail=\"{}\"", e.event(), e.actor(),
                e.account(), e.operationId(), e.detail());
    }
}
