package io.poolpilot.daemon.plan;

import io.poolpilot.daemon.control.Db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What PoolPilot's own plans have migrated in a pool, from the plan steps it persisted: how much lately
 * (the autopilot's hourly budget) and when each VM last moved (the planner's cooldown, against ping-pong).
 * Blocking JDBC: call it from a worker or the planner's thread, never from an event loop.
 */
public final class MigrationHistory {

    private final Db db;

    public MigrationHistory(Db db) {
        this.db = db;
    }

    /** Migrations finished in a pool since {@code since}: count and bytes moved. */
    public long[] movedSince(String poolId, Instant since) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(s.memory_bytes), 0) FROM "
                    + PlanRelations.PLAN_STEP + " s JOIN " + PlanRelations.PLAN + " p USING (plan_id) "
                    + "WHERE p.pool_name = ? AND s.status = 'done' AND s.finished_at >= ?")) {
                ps.setString(1, poolId);
                ps.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }

    /**
     * VM uuid → end of its latest migration finished in a pool since {@code since}. A step that failed
     * may still have moved its VM; only finished ones ({@code done}) count, as XAPI confirmed them.
     */
    public Map<String, Instant> lastMigrations(String poolId, Instant since) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.vm_uuid, max(s.finished_at) FROM "
                    + PlanRelations.PLAN_STEP + " s JOIN " + PlanRelations.PLAN + " p USING (plan_id) "
                    + "WHERE p.pool_name = ? AND s.status = 'done' AND s.finished_at >= ? GROUP BY s.vm_uuid")) {
                ps.setString(1, poolId);
                ps.setTimestamp(2, Timestamp.from(since));
                Map<String, Instant> out = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    }
                }
                return out;
            }
        });
    }
}
