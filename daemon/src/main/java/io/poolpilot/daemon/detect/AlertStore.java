package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Severity;
import io.poolpilot.api.model.Wire;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.daemon.control.Db;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in PostgreSQL: at most one open per (pool, kind, subject), so raising is idempotent; clearing
 * stamps {@code cleared_at}. Listed for the API newest first, paged by alert id.
 */
public final class AlertStore implements AlertPort {

    private static final String COLUMNS = "alert_id, pool_name, severity, kind, subject, message, raised_at, cleared_at,"
            + " acknowledged_by, acknowledged_at, ack_note";

    private final Db db;

    public AlertStore(Db db) {
        this.db = db;
    }

    /** Opens an alert for {@code condition} unless one is open already; the new alert, or empty. Blocking. */
    public Optional<Alert> raise(String pool, Condition condition, Instant at) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + AlertRelations.ALERT
                    + " (pool_name, kind, subject, severity, message, raised_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (pool_name, kind, subject) WHERE cleared_at IS NULL DO NOTHING RETURNING " + COLUMNS)) {
                ps.setString(1, pool);
                ps.setString(2, condition.kind().wire());
                ps.setString(3, condition.subject());
                ps.setString(4, condition.severity().wire());
                ps.setString(5, condition.message());
                ps.setTimestamp(6, Timestamp.from(at));
                return single(ps);
            }
        });
    }

    /** Clears the open alert of {@code kind} about {@code subject}; the cleared alert, or empty if none was open. Blocking. */
    public Optional<Alert> clear(String pool, Condition.Key key, Instant at) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + AlertRelations.ALERT + " SET cleared_at = ?"
                    + " WHERE pool_name = ? AND kind = ? AND subject = ? AND cleared_at IS NULL RETURNING " + COLUMNS)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, pool);
                ps.setString(3, key.kind().wire());
                ps.setString(4, key.subject());
                return single(ps);
            }
        });
    }

    /** The pool's open alerts, oldest first. Blocking. */
    public List<Alert> open(String pool) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.ALERT
                    + " WHERE pool_name = ? AND cleared_at IS NULL ORDER BY alert_id")) {
                ps.setString(1, pool);
                return all(ps);
            }
        });
    }

    /**
     * Records who acknowledged the alert, when and why, once: empty when there is no such alert or it was
     * acknowledged already (the first acknowledgement stands). Blocking.
     */
    public Optional<Alert> acknowledge(long alertId, String by, String note, Instant at) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + AlertRelations.ALERT
                    + " SET acknowledged_by = ?, acknowledged_at = ?, ack_note = ? WHERE alert_id = ? AND acknowledged_by IS NULL"
                    + " RETURNING " + COLUMNS)) {
                ps.setString(1, by);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, note);
                ps.setLong(4, alertId);
                return single(ps);
            }
        });
    }

    /** The alert with this id, or empty. Blocking. */
    public Optional<Alert> get(long alertId) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.ALERT
                    + " WHERE alert_id = ?")) {
                ps.setLong(1, alertId);
                return single(ps);
            }
        });
    }

    /** The alerts that pass the filter, newest first; the page key is the last alert's id. */
    @Override
    public Future<Page<Alert>> alerts(AlertFilter filter, PageRequest page) {
        long before;
        try {
            before = page.afterKey() == null ? Long.MAX_VALUE : Long.parseLong(page.afterKey());
        } catch (NumberFormatException e) {
            return Future.failedFuture(new IllegalArgumentException("alert page key must be a number"));
        }
        return db.call(c -> page(c, filter, before, page.limit()));
    }

    private static Page<Alert> page(Connection c, AlertFilter filter, long before, int limit) throws SQLException {
        String where = "alert_id < ?"
                + (filter.open() == null ? "" : filter.open() ? " AND cleared_at IS NULL" : " AND cleared_at IS NOT NULL")
                + (filter.poolId() == null ? "" : " AND pool_name = ?")
                + (filter.kind() == null ? "" : " AND kind = ?");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.ALERT
                + " WHERE " + where + " ORDER BY alert_id DESC LIMIT ?")) {
            int i = 1;
            ps.setLong(i++, before);
            if (filter.poolId() != null) {
                ps.setString(i++, filter.poolId());
            }
            if (filter.kind() != null) {
                ps.setString(i++, filter.kind());
            }
            ps.setInt(i, limit + 1);
            List<Alert> out = all(ps);
            boolean more = out.size() > limit;
            List<Alert> shown = more ? out.subList(0, limit) : out;
            return new Page<>(shown, more ? shown.getLast().id() : null);
        }
    }

    /** Whether {@code alert} is about {@code key}. */
    public static boolean about(Alert alert, Condition.Key key) {
        return alert.kind().equals(key.kind().wire()) && alert.subject().equals(key.subject());
    }

    private static Severity severity(String wire) {
        // A severity this version does not know (written by a newer daemon) is shown as critical, not dropped.
        return Wire.parse(Severity.class, wire).orElse(Severity.CRITICAL);
    }

    private static Optional<Alert> single(PreparedStatement ps) throws SQLException {
        List<Alert> rows = all(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static List<Alert> all(PreparedStatement ps) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp cleared = rs.getTimestamp(8);
                String ackBy = rs.getString(9);
                Alert.Acknowledgement ack = ackBy == null ? null
                        : new Alert.Acknowledgement(ackBy, rs.getTimestamp(10).toInstant(), rs.getString(11));
                out.add(new Alert(Long.toString(rs.getLong(1)), rs.getString(2),
                        severity(rs.getString(3)), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), cleared == null ? null : cleared.toInstant(),
                        ack, List.of()));
            }
        }
        return out;
    }
}
