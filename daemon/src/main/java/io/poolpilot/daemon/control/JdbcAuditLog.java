package io.poolpilot.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.port.AuditLog;
import io.poolpilot.daemon.plan.PlanRelations;
import io.vertx.core.Future;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The audit log in PostgreSQL, append-only, listed oldest first by its id. */
public final class JdbcAuditLog implements AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    public JdbcAuditLog(Db db) {
        this.db = db;
    }

    @Override
    public Future<AuditEntry> record(AuditEntry entry) {
        return db.call(c -> append(entry));
    }

    /** Blocking append, for the daemon's own actors (policies, executor). */
    public AuditEntry append(AuditEntry entry) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PlanRelations.AUDIT_LOG
                    + " (at, actor, action, target, reason, detail) VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING audit_id")) {
                ps.setTimestamp(1, Timestamp.from(entry.at()));
                ps.setString(2, entry.actor());
                ps.setString(3, entry.action());
                ps.setString(4, entry.target());
                ps.setString(5, entry.reason());
                ps.setString(6, JSON.writeValueAsString(entry.detail()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return entry.withId(Long.toString(rs.getLong(1)));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("audit detail is not serialisable: " + e.getOriginalMessage(), e);
            }
        });
    }

    @Override
    public Future<Page<AuditEntry>> entries(PageRequest page) {
        long after;
        try {
            after = page.afterKey() == null ? 0 : Long.parseLong(page.afterKey());
        } catch (NumberFormatException e) {
            return Future.failedFuture(new IllegalArgumentException("audit page key must be a number"));
        }
        return db.call(c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT audit_id, at, actor, action, target, reason, detail::text FROM "
                    + PlanRelations.AUDIT_LOG + " WHERE audit_id > ? ORDER BY audit_id LIMIT ?")) {
                ps.setLong(1, after);
                ps.setInt(2, page.limit() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> detail;
                        try {
                            detail = JSON.readValue(rs.getString(7), new TypeReference<Map<String, String>>() { });
                        } catch (JsonProcessingException e) {
                            detail = Map.of("unreadable", e.getOriginalMessage());
                        }
                        out.add(new AuditEntry(Long.toString(rs.getLong(1)), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), detail));
                    }
                }
            }
            boolean more = out.size() > page.limit();
            List<AuditEntry> shown = more ? out.subList(0, page.limit()) : out;
            return new Page<>(shown, more ? shown.getLast().id() : null);
        });
    }
}
