package io.poolpilot.daemon.operate;

import io.poolpilot.api.model.Operation;
import io.poolpilot.api.model.OperationState;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.model.Wire;
import io.poolpilot.daemon.control.Db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Operations in PostgreSQL ({@code control_operation}, created by {@code common/V40__operations.sql}). Blocking. */
public final class OperationStore {

    /** SQL relation name, in one place. */
    public static final String CONTROL_OPERATION = "control_operation";

    private static final String COLUMNS = "operation_id, action, target_type, target_uuid, pool, host_uuid, plan_id, state,"
            + " reason, actor, problem_kind, problem_detail, created_at, started_at, finished_at, fingerprint";

    /** An operation with the request fingerprint it was made for. */
    public record Stored(Operation operation, String fingerprint) {
    }

    private final Db db;

    public OperationStore(Db db) {
        this.db = db;
    }

    /**
     * Records a new operation; with a key already used by the same actor, records nothing and answers the
     * operation that key made (compare fingerprints to tell a retry from a reuse).
     */
    public Stored insert(Operation op, String idempotencyKey, String fingerprint) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CONTROL_OPERATION + " (" + COLUMNS
                    + ", idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, UUID.fromString(op.id()));
                ps.setString(2, op.action());
                ps.setString(3, op.targetType());
                ps.setString(4, op.targetUuid());
                ps.setString(5, op.poolId());
                ps.setString(6, op.hostId());
                ps.setObject(7, op.planId() == null ? null : UUID.fromString(op.planId()));
                ps.setString(8, op.state().wire());
                ps.setString(9, op.reason());
                ps.setString(10, op.actor());
                ps.setString(11, op.problem() == null ? null : Wire.name(op.problem().refusal()));
                ps.setString(12, op.problem() == null ? null : op.problem().detail());
                ps.setTimestamp(13, Timestamp.from(op.createdAt()));
                ps.setTimestamp(14, ts(op.startedAt()));
                ps.setTimestamp(15, ts(op.finishedAt()));
                ps.setString(16, fingerprint);
                ps.setString(17, idempotencyKey);
                if (ps.executeUpdate() == 1) {
                    return new Stored(op, fingerprint);
                }
            }
            return byKey(c, op.actor(), idempotencyKey).orElseThrow(() ->
                    new SQLException("operation " + op.id() + " was neither inserted nor found by its key"));
        });
    }

    /** The operation {@code actor} made with {@code key}, if any. */
    public Optional<Stored> byKey(String actor, String key) {
        return db.inline(c -> byKey(c, actor, key));
    }

    public Optional<Operation> get(UUID id) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + CONTROL_OPERATION
                    + " WHERE operation_id = ?")) {
                ps.setObject(1, id);
                return one(ps).map(Stored::operation);
            }
        });
    }

    /** Writes the operation's state, plan, problem and times. */
    public void update(Operation op) {
        db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + CONTROL_OPERATION + " SET state = ?, plan_id = ?,"
                    + " problem_kind = ?, problem_detail = ?, started_at = ?, finished_at = ? WHERE operation_id = ?")) {
                ps.setString(1, op.state().wire());
                ps.setObject(2, op.planId() == null ? null : UUID.fromString(op.planId()));
                ps.setString(3, op.problem() == null ? null : Wire.name(op.problem().refusal()));
                ps.setString(4, op.problem() == null ? null : op.problem().detail());
                ps.setTimestamp(5, ts(op.startedAt()));
                ps.setTimestamp(6, ts(op.finishedAt()));
                ps.setObject(7, UUID.fromString(op.id()));
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<Stored> byKey(Connection c, String actor, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + CONTROL_OPERATION
                + " WHERE actor = ? AND idempotency_key = ?")) {
            ps.setString(1, actor);
            ps.setString(2, key);
            return one(ps);
        }
    }

    private static Optional<Stored> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String problemKind = rs.getString(11);
            Operation op = new Operation(rs.getObject(1).toString(), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getObject(7) == null ? null : rs.getObject(7).toString(),
                    OperationState.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)), rs.getString(9), rs.getString(10),
                    problemKind == null ? null : new Operation.Failure(
                            Refusal.valueOf(problemKind.toUpperCase(Locale.ROOT)), rs.getString(12)),
                    rs.getTimestamp(13).toInstant(), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
            return Optional.of(new Stored(op, rs.getString(16)));
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
