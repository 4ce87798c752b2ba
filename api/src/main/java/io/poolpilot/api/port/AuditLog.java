package io.poolpilot.api.port;

import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.vertx.core.Future;

/** Append-only record of every state change made through the API; listed oldest first. */
public interface AuditLog {
    /** Stores the entry and returns it with its assigned id. */
    Future<AuditEntry> record(AuditEntry entry);

    Future<Page<AuditEntry>> entries(PageRequest page);
}
