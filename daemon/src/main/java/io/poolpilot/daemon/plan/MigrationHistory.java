package io.poolpilot.daemon.plan;

import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.store.Relations;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which VMs migrated lately: how much PoolPilot's own plans moved (the autopilot's hourly budget, from the
 * plan steps it persisted), and when each VM last moved by anyone (the planner's cooldown, against
 * ping-pong, also with another balancer or an operator moving VMs by hand). Blocking JDBC: call it from
 * a worker or the planner's thread, never from an event loop.
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
     * VM uuid → when it last migrated, for the VMs given, since {@code since}: the later of PoolPilot's own
     * finished steps (the end of the migration as XAPI confirmed it) and of the moves the collector saw
     * in the inventory (a VM resident on one host, then at once on another: a halt and a later start
     * elsewhere is not a migration).
     */
    public Map<String, Instant> lastMigrations(String poolId, Collection<String> vmUuids, Instant since) {
        Map<String, Instant> out = new TreeMap<>();
        if (vmUuids.isEmpty()) {
            return out;
        }
        db.inline(c -> {
            String[] uuids = vmUuids.toArray(String[]::new);
            try (PreparedStatement ps = c.prepareStatement("SELECT s.vm_uuid, max(s.finished_at) FROM "
                    + PlanRelations.PLAN_STEP + " s JOIN " + PlanRelations.PLAN + " p USING (plan_id) "
                    + "WHERE p.pool_name = ? AND s.status = 'done' AND s.finished_at >= ? AND s.vm_uuid = ANY (?) "
                    + "GROUP BY s.vm_uuid")) {
                ps.setString(1, poolId);
                ps.setTimestamp(2, Timestamp.from(since));
                ps.setArray(3, c.createArrayOf("text", uuids));
                collect(ps, out);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v.vm_uuid, max(arrived.valid_from) FROM "
                    + Relations.VM_PLACEMENT + " arrived JOIN " + Relations.VM_PLACEMENT + " departed "
                    + "ON departed.vm_id = arrived.vm_id AND departed.valid_to = arrived.valid_from "
                    + "AND departed.host_id <> arrived.host_id JOIN " + Relations.VM + " v ON v.vm_id = arrived.vm_id "
                    + "WHERE arrived.valid_from >= ? AND v.vm_uuid = ANY (?) GROUP BY v.vm_uuid")) {
                ps.setTimestamp(1, Timestamp.from(since));
                ps.setArray(2, c.createArrayOf("text", uuids));
                collect(ps, out);
            }
            return null;
        });
        return out;
    }

    private static void collect(PreparedStatement ps, Map<String, Instant> out) throws java.sql.SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getTimestamp(2).toInstant(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }
}
