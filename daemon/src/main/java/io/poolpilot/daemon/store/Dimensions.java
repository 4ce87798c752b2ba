package io.poolpilot.daemon.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.InventoryChange.HostGone;
import io.poolpilot.daemon.model.InventoryChange.HostSeen;
import io.poolpilot.daemon.model.InventoryChange.PoolSeen;
import io.poolpilot.daemon.model.InventoryChange.VmGone;
import io.poolpilot.daemon.model.InventoryChange.VmSeen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;

/**
 * Interns pool/host/VM uuids to integer ids and applies inventory changes to the dimension tables
 * and the placement history. Ids are cached in memory; changes made inside the writer's open
 * transaction sit in a pending layer that becomes visible on {@link #commit()} and disappears on
 * {@link #rollback()}, so the cache never holds an id the database forgot.
 */
final class Dimensions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Integer NO_HOST = -1;

    private final Layered pools = new Layered();
    private final Layered hosts = new Layered();
    private final Layered vms = new Layered();
    /** vm_id -> host_id of the open placement (NO_HOST when none). */
    private final Map<Integer, Integer> placement = new HashMap<>();
    private final Map<Integer, Integer> pendingPlacement = new HashMap<>();

    /** Loads every known id; called once per (re)connection before the first batch. */
    void load(Connection connection) throws SQLException {
        pools.committed.clear();
        hosts.committed.clear();
        vms.committed.clear();
        placement.clear();
        rollback();
        try (Statement st = connection.createStatement()) {
            loadInto(st, "SELECT pool_uuid, pool_id FROM " + Relations.POOL, pools.committed);
            loadInto(st, "SELECT host_uuid, host_id FROM " + Relations.HOST, hosts.committed);
            loadInto(st, "SELECT vm_uuid, vm_id FROM " + Relations.VM, vms.committed);
            try (ResultSet rs = st.executeQuery("SELECT vm_id, host_id FROM " + Relations.VM_PLACEMENT + " WHERE valid_to IS NULL")) {
                while (rs.next()) {
                    placement.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
    }

    private static void loadInto(Statement st, String sql, Map<String, Integer> into) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                into.put(rs.getString(1), rs.getInt(2));
            }
        }
    }

    Integer vmId(String vmUuid) {
        return vms.get(vmUuid);
    }

    Integer hostId(String hostUuid) {
        return hosts.get(hostUuid);
    }

    int size() {
        return pools.committed.size() + hosts.committed.size() + vms.committed.size();
    }

    void commit() {
        pools.commit();
        hosts.commit();
        vms.commit();
        placement.putAll(pendingPlacement);
        pendingPlacement.clear();
    }

    void rollback() {
        pools.pending.clear();
        hosts.pending.clear();
        vms.pending.clear();
        pendingPlacement.clear();
    }

    /** Applies one inventory change inside the caller's transaction. */
    void apply(Connection c, InventoryChange change) throws SQLException {
        Timestamp at = new Timestamp(change.timeMillis());
        switch (change) {
            case PoolSeen p -> upsertPool(c, p.poolUuid(), p.name(), at);
            case HostSeen h -> {
                int poolId = poolId(c, h.poolUuid(), at);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.HOST
                        + " (host_uuid, pool_id, name, address, cpu_count, memory_total_bytes, enabled, first_seen, last_seen)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host_uuid) DO UPDATE SET pool_id = excluded.pool_id,"
                        + " name = excluded.name, address = excluded.address, cpu_count = excluded.cpu_count,"
                        + " memory_total_bytes = excluded.memory_total_bytes, enabled = excluded.enabled,"
                        + " last_seen = greatest(host.last_seen, excluded.last_seen), gone_at = NULL RETURNING host_id")) {
                    ps.setString(1, h.hostUuid());
                    ps.setInt(2, poolId);
                    ps.setString(3, h.name());
                    ps.setString(4, h.address());
                    ps.setInt(5, h.cpuCount());
                    ps.setLong(6, h.memoryTotalBytes());
                    ps.setBoolean(7, h.enabled());
                    ps.setTimestamp(8, at);
                    ps.setTimestamp(9, at);
                    hosts.pending.put(h.hostUuid(), returnedId(ps));
                }
            }
            case VmSeen v -> {
                int poolId = poolId(c, v.poolUuid(), at);
                int vmId;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.VM
                        + " (vm_uuid, pool_id, name, power_state, vcpus, memory_bytes, billing_account, labels, first_seen, last_seen)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (vm_uuid) DO UPDATE SET pool_id = excluded.pool_id,"
                        + " name = excluded.name, power_state = excluded.power_state, vcpus = excluded.vcpus,"
                        + " memory_bytes = excluded.memory_bytes, billing_account = excluded.billing_account,"
                        + " labels = excluded.labels, last_seen = greatest(vm.last_seen, excluded.last_seen), gone_at = NULL"
                        + " RETURNING vm_id")) {
                    ps.setString(1, v.vmUuid());
                    ps.setInt(2, poolId);
                    ps.setString(3, v.name());
                    ps.setString(4, v.powerState().name().toLowerCase(java.util.Locale.ROOT));
                    ps.setInt(5, v.vcpus());
                    ps.setLong(6, v.memoryBytes());
                    ps.setString(7, v.billingAccount());
                    ps.setString(8, toJson(v.labels()));
                    ps.setTimestamp(9, at);
                    ps.setTimestamp(10, at);
                    vmId = returnedId(ps);
                }
                vms.pending.put(v.vmUuid(), vmId);
                Integer hostId = v.hostUuid() == null ? NO_HOST : hostIdOrStub(c, v.hostUuid(), poolId, at);
                place(c, vmId, hostId, at);
            }
            case VmGone g -> {
                Integer vmId = vms.get(g.vmUuid());
                if (vmId != null) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + Relations.VM + " SET gone_at = ? WHERE vm_id = ?")) {
                        ps.setTimestamp(1, at);
                        ps.setInt(2, vmId);
                        ps.executeUpdate();
                    }
                    place(c, vmId, NO_HOST, at);
                }
            }
            case HostGone g -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + Relations.HOST + " SET gone_at = ? WHERE host_uuid = ?")) {
                    ps.setTimestamp(1, at);
                    ps.setString(2, g.hostUuid());
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Closes the open placement if the host changed and opens the new one. */
    private void place(Connection c, int vmId, Integer hostId, Timestamp at) throws SQLException {
        Integer current = pendingPlacement.containsKey(vmId) ? pendingPlacement.get(vmId) : placement.getOrDefault(vmId, NO_HOST);
        if (current.equals(hostId)) {
            return;
        }
        if (!current.equals(NO_HOST)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + Relations.VM_PLACEMENT
                    + " SET valid_to = greatest(valid_from, ?) WHERE vm_id = ? AND valid_to IS NULL")) {
                ps.setTimestamp(1, at);
                ps.setInt(2, vmId);
                ps.executeUpdate();
            }
        }
        if (!hostId.equals(NO_HOST)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.VM_PLACEMENT
                    + " (vm_id, host_id, valid_from) VALUES (?, ?, ?)"
                    + " ON CONFLICT (vm_id, valid_from) DO UPDATE SET host_id = excluded.host_id, valid_to = NULL")) {
                ps.setInt(1, vmId);
                ps.setInt(2, hostId);
                ps.setTimestamp(3, at);
                ps.executeUpdate();
            }
        }
        pendingPlacement.put(vmId, hostId);
    }

    private int poolId(Connection c, String poolUuid, Timestamp at) throws SQLException {
        Integer id = pools.get(poolUuid);
        return id != null ? id : upsertPool(c, poolUuid, null, at);
    }

    private int upsertPool(Connection c, String poolUuid, String name, Timestamp at) throws SQLException {
        // A pool first named by a host or VM event gets a stub row; its PoolSeen fills the name in later.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.POOL
                + " (pool_uuid, name, first_seen, last_seen) VALUES (?, coalesce(?, ''), ?, ?) ON CONFLICT (pool_uuid)"
                + " DO UPDATE SET name = coalesce(?, pool.name), last_seen = greatest(pool.last_seen, excluded.last_seen)"
                + " RETURNING pool_id")) {
            ps.setString(1, poolUuid);
            ps.setString(2, name);
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            ps.setString(5, name);
            int id = returnedId(ps);
            pools.pending.put(poolUuid, id);
            return id;
        }
    }

    private int hostIdOrStub(Connection c, String hostUuid, int poolId, Timestamp at) throws SQLException {
        Integer id = hosts.get(hostUuid);
        if (id != null) {
            return id;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Relations.HOST
                + " (host_uuid, pool_id, first_seen, last_seen) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (host_uuid) DO UPDATE SET last_seen = greatest(host.last_seen, excluded.last_seen) RETURNING host_id")) {
            ps.setString(1, hostUuid);
            ps.setInt(2, poolId);
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            int hostId = returnedId(ps);
            hosts.pending.put(hostUuid, hostId);
            return hostId;
        }
    }

    private static int returnedId(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String toJson(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels not serialisable: " + labels, e);
        }
    }

    /** A committed map plus the pending changes of the open transaction. */
    private static final class Layered {
        final Map<String, Integer> committed = new HashMap<>();
        final Map<String, Integer> pending = new HashMap<>();

        Integer get(String key) {
            Integer id = pending.get(key);
            return id != null ? id : committed.get(key);
        }

        void commit() {
            committed.putAll(pending);
            pending.clear();
        }
    }
}
