package io.poolpilot.daemon.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepError;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.api.model.Wire;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plan's steps as rows of {@code plan_step}: written once when the plan is solved, read with the plan. */
final class PlanStepRows {

    private static final Logger log = LoggerFactory.getLogger(PlanStepRows.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanStepRows() {
    }

    static void insert(Connection c, String planId, List<PlanStep> steps, List<Integer> waves) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PlanRelations.PLAN_STEP + " (plan_id, step_index, "
                + "wave, vm_uuid, from_host_uuid, to_host_uuid, memory_bytes, reason, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < steps.size(); i++) {
                PlanStep s = steps.get(i);
                ps.setObject(1, UUID.fromString(planId));
                ps.setInt(2, s.index());
                ps.setInt(3, waves.get(i));
                ps.setString(4, s.vmUuid());
                ps.setString(5, s.fromHostUuid());
                ps.setString(6, s.toHostUuid());
                ps.setLong(7, s.memoryBytes());
                ps.setString(8, s.reason() == null ? "" : s.reason());
                ps.setString(9, StepStatus.PENDING.wire());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<PlanStep> read(Connection c, String id) throws SQLException {
        List<PlanStep> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT step_index, vm_uuid, from_host_uuid, to_host_uuid, memory_bytes, "
                + "reason, status, wave, attempts, started_at, finished_at, outcome, error_code, error_params FROM "
                + PlanRelations.PLAN_STEP + " WHERE plan_id = ? ORDER BY step_index")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet s = ps.executeQuery()) {
                while (s.next()) {
                    String code = s.getString(13);
                    StepError error = code == null ? null : new StepError(code, params(id, s.getString(14)));
                    steps.add(new PlanStep(s.getInt(1), s.getString(2), s.getString(3), s.getString(4), s.getLong(5),
                            s.getString(6), parse(s.getString(7)), s.getInt(8), null, null, null, s.getInt(9),
                            instant(s.getTimestamp(10)), instant(s.getTimestamp(11)), s.getString(12), error));
                }
            }
        }
        return steps;
    }

    private static List<String> params(String planId, String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            JSON.readTree(json).forEach(p -> out.add(p.asText()));
            return out;
        } catch (Exception e) {
            log.warn("event=step_error_params_unreadable plan={} error=\"{}\"", planId, e.getMessage());
            return List.of();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static StepStatus parse(String text) {
        return Wire.parse(StepStatus.class, text).orElseThrow(() -> new IllegalStateException(
                "stored step status '" + text + "' is not one of " + Wire.choices(StepStatus.class)));
    }
}
