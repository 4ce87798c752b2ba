package io.poolpilot.api.resource;

import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.port.AuditLog;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one audit entry per state change made through the API. The change has already happened when
 * this runs, so a failed audit write is logged and counted, never turned into a failed response.
 */
public final class Auditor {
    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

    private final AuditLog log;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();

    public Auditor(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public Future<Void> record(Exchange exchange, String action, String target, String reason, Map<String, String> detail) {
        AuditEntry entry = new AuditEntry(null, clock.instant(), exchange.actor(), action, target, reason, detail);
        return log.record(entry)
                .<Void>mapEmpty()
                .recover(e -> {
                    failures.incrementAndGet();
                    LOG.error("event=audit_write_failed action={} target={} actor={} requestId={}", action, target,
                            exchange.actor(), exchange.requestId(), e);
                    return Future.succeededFuture();
                });
    }

    /** Audit entries that could not be written since start; exported as a metric by the daemon. */
    /** The time the audit log stamps on entries: what "now" is for a resource. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public long failures() {
        return failures.get();
    }
}
