package io.poolpilot.daemon.plan;

import io.poolpilot.api.model.StepStatus;
import io.poolpilot.daemon.control.Db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The executor's record of each step: which wave it is in, the XAPI task that carries it, and how it
 * ended. Every change bumps the plan's version (its ETag), in the same transaction. Blocking JDBC: call
 * it from the executor's threads, never from an event loop.
 */
public final class StepProgress {

    /** How a step ended: its status, the outcome in a sentence, XAPI's raw error when there was one (else null). */
    public record StepEnd(StepStatus status, String outcome, io.poolpilot.api.model.StepError error) {
        public StepEnd(StepStatus status, String outcome) {
            this(status, outcome, null);
        }
    }

    private final Db db;

    public StepProgress(Db db) {
        this.db = db;
    }

    /** Wave of each step, by step index. */
    public Map<Integer, Integer> waves(String planId) {
        return db.inline(c -> {
            Map<Integer, Integer> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT step_index, wave FROM " + PlanRelations.PLAN_STEP
                    + " WHERE plan_id = ?")) {
                ps.setObject(1, UUID.fromString(planId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), rs.getInt(2));
                    }
                }
            }
            return out;
        });
    }

    /** The task a step last started, if any (for an owner taking over a running step). */
    public Optional<String> taskRef(String planId, int stepIndex) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT task_ref FROM " + PlanRelations.PLAN_STEP
                    + " WHERE plan_id = ? AND step_index = ?")) {
                ps.setObject(1, UUID.fromString(planId));
                ps.setInt(2, stepIndex);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Marks a step running (with the task that carries it, once known); bumps the plan version. */
    public void stepRunning(String planId, int stepIndex, String taskRef, Instant now) {
        updateStep(planId, stepIndex, "status = ?, task_ref = coalesce(?, task_ref), attempts = attempts + "
                + (taskRef == null ? "1" : "0") + ", started_at = coalesce(started_at, ?)", ps -> {
            ps.setString(1, StepStatus.RUNNING.wire());
            ps.setString(2, taskRef);
            ps.setTimestamp(3, Timestamp.from(now));
            return 4;
        });
    }

    public void stepEnded(String planId, int stepIndex, StepEnd end, Instant now) {
        updateStep(planId, stepIndex, "status = ?, outcome = ?, finished_at = ?, error_code = ?, error_params = ?::jsonb",
                ps -> {
                    ps.setString(1, end.status().wire());
                    ps.setString(2, end.outcome());
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setString(4, end.error() == null ? null : end.error().code());
                    ps.setString(5, end.error() == null ? null : PlanStore.json(end.error().params()));
                    return 6;
                });
    }

    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    private void updateStep(String planId, int stepIndex, String set, Binder binder) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN_STEP + " SET " + set
                    + " WHERE plan_id = ? AND step_index = ?")) {
                int next = binder.bind(ps);
                ps.setObject(next, UUID.fromString(planId));
                ps.setInt(next + 1, stepIndex);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN
                    + " SET version = version + 1 WHERE plan_id = ?")) {
                ps.setObject(1, UUID.fromString(planId));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
