package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.Silence;
import io.poolpilot.api.model.SilenceMatchers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Silences in PostgreSQL ({@code alert_silence}); every method runs on the caller's connection (blocking). */
public final class SilenceStore {

    private static final String COLUMNS = "silence_id, kind, pool_name, host_uuid, sr_uuid, starts_at, ends_at, created_by,"
            + " created_at, comment, expired_by";

    public Silence create(Connection c, SilenceMatchers m, Instant startsAt, Instant endsAt, String comment, String by,
                          Instant now) throws SQLException {
        // PostgreSQL keeps microseconds and rounds: a silence starting "now" must not read back as pending.
        startsAt = micros(startsAt);
        now = micros(now);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + AlertRelations.SILENCE + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) RETURNING " + COLUMNS)) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, m.kind());
            ps.setString(3, m.poolId());
            ps.setString(4, m.hostUuid());
            ps.setString(5, m.srUuid());
            ps.setTimestamp(6, Timestamp.from(startsAt));
            ps.setTimestamp(7, Timestamp.from(endsAt));
            ps.setString(8, by);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setString(10, comment);
            return all(ps, now).getFirst();
        }
    }

    /** Ends a silence that has not ended yet at {@code now}; empty when there is none such. */
    public Optional<Silence> expire(Connection c, UUID id, String by, Instant now) throws SQLException {
        now = micros(now);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + AlertRelations.SILENCE
                + " SET ends_at = ?, expired_by = ? WHERE silence_id = ? AND ends_at > ? RETURNING " + COLUMNS)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, by);
            ps.setObject(3, id);
            ps.setTimestamp(4, Timestamp.from(now));
            List<Silence> rows = all(ps, now);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    public Optional<Silence> get(Connection c, UUID id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.SILENCE
                + " WHERE silence_id = ?")) {
            ps.setObject(1, id);
            List<Silence> rows = all(ps, now);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    /** The silences in force at {@code now}. */
    public List<Silence> active(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.SILENCE
                + " WHERE starts_at <= ? AND ends_at > ? ORDER BY created_at")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            return all(ps, now);
        }
    }

    /**
     * Silences newest first, before the page key ({@code createdAt}, id); {@code ended} true for expired ones only,
     * false for those not ended yet (active or pending), null for all.
     */
    public List<Silence> page(Connection c, Boolean ended, Instant now, Instant before, UUID beforeId, int limit)
            throws SQLException {
        String where = (before == null ? "TRUE" : "(created_at, silence_id) < (?, ?)")
                + (ended == null ? "" : ended ? " AND ends_at <= ?" : " AND ends_at > ?");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + AlertRelations.SILENCE
                + " WHERE " + where + " ORDER BY created_at DESC, silence_id DESC LIMIT ?")) {
            int i = 1;
            if (before != null) {
                ps.setTimestamp(i++, Timestamp.from(before));
                ps.setObject(i++, beforeId);
            }
            if (ended != null) {
                ps.setTimestamp(i++, Timestamp.from(now));
            }
            ps.setInt(i, limit);
            return all(ps, now);
        }
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private static List<Silence> all(PreparedStatement ps, Instant now) throws SQLException {
        List<Silence> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Silence(rs.getObject(1).toString(),
                        new SilenceMatchers(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                        Silence.stateAt(rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), now), rs.getString(8),
                        rs.getTimestamp(9).toInstant(), rs.getString(10), rs.getString(11)));
            }
        }
        return out;
    }
}
