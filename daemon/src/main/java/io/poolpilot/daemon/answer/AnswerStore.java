package io.poolpilot.daemon.answer;

import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.AnswerState;
import io.poolpilot.api.model.AnswerStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.api.model.Wire;
import io.poolpilot.daemon.control.Db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Answers to alerts in PostgreSQL ({@code alert_answer}, {@code alert_answer_step}, created by
 * {@code common/V60__alert_answers.sql}). One answer per (alert, kind), ever: {@link #create} is
 * {@code INSERT … ON CONFLICT DO NOTHING}, so a second daemon or a second tick never makes another.
 * State changes are compare-and-set on the state they expect. Blocking.
 */
public final class AnswerStore {

    public static final String ALERT_ANSWER = "alert_answer";
    public static final String ALERT_ANSWER_STEP = "alert_answer_step";

    private static final String COLUMNS = "answer_id, alert_id, pool_name, kind, state, subject, reason, state_reason,"
            + " due_at, decided_by, created_at, updated_at";
    private static final String STEP_COLUMNS = "step_index, action, vm_uuid, vm_name, host_uuid, status, outcome,"
            + " started_at, finished_at";
    private static final Set<AnswerState> ACTIVE = EnumSet.of(AnswerState.WAITING, AnswerState.PROPOSED,
            AnswerState.APPROVED, AnswerState.RUNNING);

    private final Db db;

    public AnswerStore(Db db) {
        this.db = db;
    }

    /** Records a new answer to {@code alertId} unless one of this kind exists already; the new one, or empty. */
    public Optional<AlertAnswer> create(long alertId, String pool, String kind, AnswerState state, String subject,
                                        String reason, Instant dueAt, String decidedBy, Instant now,
                                        List<AnswerStep> steps) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ALERT_ANSWER + " (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?) ON CONFLICT (alert_id, kind) DO NOTHING")) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setLong(2, alertId);
                ps.setString(3, pool);
                ps.setString(4, kind);
                ps.setString(5, state.wire());
                ps.setString(6, subject);
                ps.setString(7, reason);
                ps.setTimestamp(8, Timestamp.from(dueAt));
                ps.setString(9, decidedBy);
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setTimestamp(11, Timestamp.from(now));
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
                insertSteps(c, id, steps);
                return get(c, id);
            }
        });
    }

    /** Whether an answer of {@code kind} to the alert exists, in any state. */
    public boolean exists(long alertId, String kind) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + ALERT_ANSWER
                    + " WHERE alert_id = ? AND kind = ?")) {
                ps.setLong(1, alertId);
                ps.setString(2, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public Optional<AlertAnswer> get(UUID id) {
        return db.inline(c -> get(c, id));
    }

    /** The pool's answers that are not over yet, oldest first. */
    public List<AlertAnswer> active(String pool) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + ALERT_ANSWER
                    + " WHERE pool_name = ? AND state IN (" + ACTIVE.stream().map(s -> "'" + s.wire() + "'")
                    .collect(Collectors.joining(", ")) + ") ORDER BY created_at, answer_id")) {
                ps.setString(1, pool);
                return withSteps(c, rows(ps));
            }
        });
    }

    /**
     * Ended answers of {@code kind} in the pool whose alert is cleared and that have no answer of
     * {@code followUp} yet: the shutdowns whose storage came back and whose restart is not offered yet.
     */
    public List<AlertAnswer> awaitingFollowUp(String pool, String kind, String followUp) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("a") + " FROM " + ALERT_ANSWER + " a"
                    + " JOIN alert al ON al.alert_id = a.alert_id"
                    + " WHERE a.pool_name = ? AND a.kind = ? AND a.state IN ('succeeded', 'failed')"
                    + " AND al.cleared_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + ALERT_ANSWER + " f"
                    + " WHERE f.alert_id = a.alert_id AND f.kind = ?) ORDER BY a.created_at")) {
                ps.setString(1, pool);
                ps.setString(2, kind);
                ps.setString(3, followUp);
                return withSteps(c, rows(ps));
            }
        });
    }

    /** Answers newest first, after the one with id {@code beforeCreated}/{@code beforeId} (the page key). */
    public List<AlertAnswer> page(String pool, Instant beforeCreated, UUID beforeId, int limit) {
        return db.inline(c -> {
            String where = (pool == null ? "TRUE" : "pool_name = ?")
                    + (beforeCreated == null ? "" : " AND (created_at, answer_id) < (?, ?)");
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + ALERT_ANSWER + " WHERE "
                    + where + " ORDER BY created_at DESC, answer_id DESC LIMIT ?")) {
                int i = 1;
                if (pool != null) {
                    ps.setString(i++, pool);
                }
                if (beforeCreated != null) {
                    ps.setTimestamp(i++, Timestamp.from(beforeCreated));
                    ps.setObject(i++, beforeId);
                }
                ps.setInt(i, limit);
                return withSteps(c, rows(ps));
            }
        });
    }

    /**
     * Moves the answer from {@code from} to {@code to} with a reason; false when it was not in {@code from}
     * any more (another tick, daemon or operator moved it first).
     */
    public boolean transition(UUID id, AnswerState from, AnswerState to, String stateReason, String decidedBy, Instant now) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + ALERT_ANSWER + " SET state = ?, state_reason = ?,"
                    + " decided_by = COALESCE(?, decided_by), updated_at = ? WHERE answer_id = ? AND state = ?")) {
                ps.setString(1, to.wire());
                ps.setString(2, stateReason);
                ps.setString(3, decidedBy);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setObject(5, id);
                ps.setString(6, from.wire());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Writes the steps of an answer that has none yet (the VMs it acts on, fixed when its grace period ends). */
    public void addSteps(UUID id, List<AnswerStep> steps) {
        db.transaction(c -> {
            insertSteps(c, id, steps);
            return null;
        });
    }

    private static void insertSteps(Connection c, UUID id, List<AnswerStep> steps) throws SQLException {
        {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ALERT_ANSWER_STEP + " (answer_id, "
                    + STEP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (AnswerStep step : steps) {
                    ps.setObject(1, id);
                    ps.setInt(2, step.index());
                    ps.setString(3, step.action());
                    ps.setString(4, step.vmUuid());
                    ps.setString(5, step.vmName());
                    ps.setString(6, step.hostUuid());
                    ps.setString(7, step.status().wire());
                    ps.setString(8, step.outcome());
                    ps.setTimestamp(9, ts(step.startedAt()));
                    ps.setTimestamp(10, ts(step.finishedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Writes one step's status, outcome and times. */
    public void updateStep(UUID id, AnswerStep step) {
        db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + ALERT_ANSWER_STEP + " SET status = ?, outcome = ?,"
                    + " started_at = ?, finished_at = ? WHERE answer_id = ? AND step_index = ?")) {
                ps.setString(1, step.status().wire());
                ps.setString(2, step.outcome());
                ps.setTimestamp(3, ts(step.startedAt()));
                ps.setTimestamp(4, ts(step.finishedAt()));
                ps.setObject(5, id);
                ps.setInt(6, step.index());
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes ended answers (and their steps) last changed before {@code before}; how many. */
    public int deleteEndedBefore(Instant before) {
        return db.transaction(c -> {
            String ended = "SELECT answer_id FROM " + ALERT_ANSWER + " WHERE updated_at < ? AND state IN ('succeeded',"
                    + " 'failed', 'cancelled', 'rejected')";
            try (PreparedStatement steps = c.prepareStatement("DELETE FROM " + ALERT_ANSWER_STEP
                    + " WHERE answer_id IN (" + ended + ")");
                 PreparedStatement answers = c.prepareStatement("DELETE FROM " + ALERT_ANSWER + " WHERE answer_id IN ("
                         + ended + ")")) {
                steps.setTimestamp(1, Timestamp.from(before));
                steps.executeUpdate();
                answers.setTimestamp(1, Timestamp.from(before));
                return answers.executeUpdate();
            }
        });
    }

    private static Optional<AlertAnswer> get(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + ALERT_ANSWER
                + " WHERE answer_id = ?")) {
            ps.setObject(1, id);
            List<AlertAnswer> found = withSteps(c, rows(ps));
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(col -> alias + "." + col)
                .collect(Collectors.joining(", "));
    }

    private static List<AlertAnswer> rows(PreparedStatement ps) throws SQLException {
        List<AlertAnswer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AnswerState state = Wire.parse(AnswerState.class, rs.getString(5)).orElseThrow(() ->
                        new SQLException("stored answer state is not one of " + Wire.choices(AnswerState.class)));
                out.add(new AlertAnswer(rs.getObject(1).toString(), Long.toString(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), state, rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant(), rs.getString(10), rs.getTimestamp(11).toInstant(),
                        rs.getTimestamp(12).toInstant(), List.of()));
            }
        }
        return out;
    }

    private static List<AlertAnswer> withSteps(Connection c, List<AlertAnswer> answers) throws SQLException {
        List<AlertAnswer> out = new ArrayList<>(answers.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT " + STEP_COLUMNS + " FROM " + ALERT_ANSWER_STEP
                + " WHERE answer_id = ? ORDER BY step_index")) {
            for (AlertAnswer a : answers) {
                ps.setObject(1, UUID.fromString(a.id()));
                List<AnswerStep> steps = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StepStatus status = Wire.parse(StepStatus.class, rs.getString(6)).orElse(StepStatus.FAILED);
                        steps.add(new AnswerStep(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), status, rs.getString(7), instant(rs.getTimestamp(8)),
                                instant(rs.getTimestamp(9))));
                    }
                }
                out.add(new AlertAnswer(a.id(), a.alertId(), a.poolId(), a.kind(), a.state(), a.subject(), a.reason(),
                        a.stateReason(), a.dueAt(), a.decidedBy(), a.createdAt(), a.updatedAt(), steps));
            }
        }
        return out;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
