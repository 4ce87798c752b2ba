package io.poolpilot.daemon.plan;

import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.api.model.Wire;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A plan's steps as rows of {@code plan_step}: written once when the plan is solved, read with the plan. */
final class PlanStepRows {

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
                + "reason, status, wave FROM " + PlanRelations.PLAN_STEP + " WHERE plan_id = ? ORDER BY step_index")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet s = ps.executeQuery()) {
                while (s.next()) {
                    steps.add(new PlanStep(s.getInt(1), s.getString(2), s.getString(3), s.getString(4), s.getLong(5),
                            s.getString(6), parse(s.getString(7)), s.getInt(8)));
                }
            }
        }
        return steps;
    }

    private static StepStatus parse(String text) {
        return Wire.parse(StepStatus.class, text).orElseThrow(() -> new IllegalStateException(
                "stored step status '" + text + "' is not one of " + Wire.choices(StepStatus.class)));
    }
}
