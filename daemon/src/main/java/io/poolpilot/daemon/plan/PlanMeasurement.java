package io.poolpilot.daemon.plan;

import io.poolpilot.daemon.control.Db;
import io.poolpilot.planner.HostLoad;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.placement.PoolState;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The load of every host measured when a plan has run, stored beside the planner's prediction so an
 * operator sees whether the plan did what it said: where the VMs really are at that moment, each with its
 * CPU demand measured as the planner measures it (p95 over the live window) and its memory. Blocking JDBC.
 */
final class PlanMeasurement {

    private PlanMeasurement() {
    }

    /** Host loads of a snapshot of the pool as it is now, keyed by host uuid. */
    static Map<String, HostLoad> measure(PoolSnapshot now) {
        return new PoolState(now, null).loads();
    }

    /** Stores the measurement and bumps the plan's version. */
    static void store(Db db, String planId, Map<String, HostLoad> loads, Instant at) {
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("at", at.toString());
        measured.put("hosts", loads);
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN
                    + " SET measured = ?::jsonb, version = version + 1 WHERE plan_id = ?")) {
                ps.setString(1, PlanStore.json(measured));
                ps.setObject(2, UUID.fromString(planId));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
