package io.poolpilot.api.support;

import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.port.AuditLog;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Audit entries in a list; ids are zero-padded sequence numbers so keyset order is insertion order. */
public final class InMemoryAudit implements AuditLog {
    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    /** Makes every following write fail, as a database outage would. */
    public void failWrites() {
        failing = true;
    }

    @Override
    public synchronized Future<AuditEntry> record(AuditEntry entry) {
        if (failing) {
            return Future.failedFuture(new IllegalStateException("audit store down"));
        }
        AuditEntry stored = entry.withId(String.format("%012d", entries.size() + 1));
        entries.add(stored);
        return Future.succeededFuture(stored);
    }

    @Override
    public Future<Page<AuditEntry>> entries(PageRequest page) {
        return Future.succeededFuture(Paging.page(entries, AuditEntry::id, page));
    }

    public List<AuditEntry> all() {
        return List.copyOf(entries);
    }
}
