package io.poolpilot.daemon.policy;

import io.poolpilot.api.model.AdvisoryTrigger;
import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PolicyUpdate;
import io.poolpilot.api.model.PoolPolicy;
import io.poolpilot.api.model.QuietHours;
import io.poolpilot.api.model.Wire;
import io.poolpilot.api.port.PolicyPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.plan.PlanRelations;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Per-pool policies in PostgreSQL. A pool nobody configured is manual (version 1, "default"); the first
 * replace stores version 2, so an If-Match taken from the default still works.
 */
public final class PolicyStore implements PolicyPort {

    public static final PolicyLimits DEFAULT_LIMITS = new PolicyLimits(10, 64, null);

    private final Db db;
    private final Supplier<Set<String>> pools;
    private final Clock clock;

    public PolicyStore(Db db, Supplier<Set<String>> pools, Clock clock) {
        this.db = db;
        this.pools = pools;
        this.clock = clock;
    }

    @Override
    public Future<Optional<PoolPolicy>> policy(String poolId) {
        if (!pools.get().contains(poolId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return db.call(c -> Optional.of(read(c, poolId)));
    }

    /** Blocking read, for the autopilot. */
    public PoolPolicy current(String poolId) {
        return db.inline(c -> read(c, poolId));
    }

    @Override
    public Future<PoolPolicy> replace(String poolId, PolicyUpdate update, OptionalLong expectedVersion, String actor) {
        if (!pools.get().contains(poolId)) {
            return Future.failedFuture(new PortFailure.NotFound("pool", poolId));
        }
        return db.callInTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "pool_policy/" + poolId);
                lock.execute();
            }
            PoolPolicy current = read(c, poolId);
            if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
                throw new PortFailure.VersionMismatch(expectedVersion.getAsLong(), current.version());
            }
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PlanRelations.POOL_POLICY + " (pool_name, version, "
                    + "mode, migrations_per_hour, gib_per_hour, quiet_hours, imbalance_threshold, sustained_seconds, updated_by, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pool_name) DO UPDATE SET "
                    + "version = excluded.version, mode = excluded.mode, migrations_per_hour = excluded.migrations_per_hour, "
                    + "gib_per_hour = excluded.gib_per_hour, quiet_hours = excluded.quiet_hours, "
                    + "imbalance_threshold = excluded.imbalance_threshold, sustained_seconds = excluded.sustained_seconds, "
                    + "updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
                ps.setString(1, poolId);
                ps.setLong(2, current.version() + 1);
                ps.setString(3, update.mode().wire());
                ps.setInt(4, update.limits().migrationsPerHour());
                ps.setDouble(5, update.limits().gibPerHour());
                ps.setString(6, update.limits().quietHours() == null ? null : update.limits().quietHours().toString());
                if (update.advisory() == null) {
                    ps.setNull(7, Types.DOUBLE);
                    ps.setNull(8, Types.INTEGER);
                } else {
                    ps.setDouble(7, update.advisory().imbalanceThreshold());
                    ps.setInt(8, update.advisory().sustainedSeconds());
                }
                ps.setString(9, actor);
                ps.setTimestamp(10, Timestamp.from(now));
                ps.executeUpdate();
            }
            return read(c, poolId);
        });
    }

    private static PoolPolicy read(Connection c, String poolId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, mode, migrations_per_hour, gib_per_hour, quiet_hours, "
                + "imbalance_threshold, sustained_seconds, updated_by, updated_at FROM " + PlanRelations.POOL_POLICY
                + " WHERE pool_name = ?")) {
            ps.setString(1, poolId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new PoolPolicy(poolId, 1, PolicyMode.MANUAL, DEFAULT_LIMITS, null, "default", Instant.EPOCH);
                }
                String quiet = rs.getString("quiet_hours");
                double threshold = rs.getDouble("imbalance_threshold");
                AdvisoryTrigger trigger = rs.wasNull() ? null : new AdvisoryTrigger(threshold, rs.getInt("sustained_seconds"));
                PolicyMode mode = Wire.parse(PolicyMode.class, rs.getString("mode")).orElseThrow(() ->
                        new IllegalStateException("stored policy mode is not one of " + Wire.choices(PolicyMode.class)));
                return new PoolPolicy(poolId, rs.getLong("version"), mode,
                        new PolicyLimits(rs.getInt("migrations_per_hour"), rs.getDouble("gib_per_hour"),
                                quiet == null ? null : QuietHours.parse(quiet)),
                        trigger, rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
            }
        }
    }
}
