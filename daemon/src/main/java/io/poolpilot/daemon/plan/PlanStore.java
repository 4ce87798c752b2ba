package io.poolpilot.daemon.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.api.model.Wire;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.Db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Plans and their steps in PostgreSQL: every change bumps the plan's version (its ETag) and is checked
 * against the expected version and {@link PlanState}'s legal transitions inside one transaction.
 * Blocking; callers run it off the event loop.
 */
public final class PlanStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "plan_id, pool_name, version, state, mode, host_uuid, max_migrations, max_gib, "
            + "time_limit_seconds, planned, placements, created_by, created_at, updated_at, state_reason, expires_at, "
            + "predicted, explanation, measured";

    /** A stored plan with what only the daemon needs: whether it is solved and where its VMs were. */
    public record Stored(Plan plan, boolean planned, Map<String, String> placements, Instant expiresAt) {
    }

    /** One step's outcome when it ends. */

    private final Db db;

    public PlanStore(Db db) {
        this.db = db;
    }

    public Plan insertProposed(String poolId, PlanMode mode, String hostId, PlanBudgets budgets, String actor,
                               Instant now, Instant expiresAt, String reason) {
        UUID id = UUID.randomUUID();
        db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PlanRelations.PLAN + " (plan_id, pool_name, "
                    + "version, state, mode, host_uuid, max_migrations, max_gib, time_limit_seconds, created_by, created_at, "
                    + "updated_at, expires_at, state_reason) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, id);
                ps.setString(2, poolId);
                ps.setString(3, PlanState.PROPOSED.wire());
                ps.setString(4, mode.wire());
                ps.setString(5, hostId);
                ps.setInt(6, budgets.maxMigrations());
                ps.setDouble(7, budgets.maxGiB());
                ps.setInt(8, budgets.timeLimitSeconds());
                ps.setString(9, actor);
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setTimestamp(11, Timestamp.from(now));
                ps.setTimestamp(12, Timestamp.from(expiresAt));
                ps.setString(13, reason);
                ps.executeUpdate();
            }
            return null;
        });
        return find(id.toString()).orElseThrow().plan();
    }

    /** Stores the planner's answer: steps in waves, where the VMs were, predictions; bumps the version. */
    public Plan recordSolution(String planId, long inventoryVersion, Map<String, String> placements,
                               List<PlanStep> steps, List<Integer> waves, Object predicted, List<String> explanation,
                               Instant now) {
        return db.transaction(c -> {
            Stored stored = lock(c, planId);
            if (stored.plan().state() != PlanState.PROPOSED) {
                return stored.plan(); // rejected or expired while the solver ran: keep that
            }
            PlanStepRows.insert(c, planId, steps, waves);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN + " SET planned = true, "
                    + "inventory_version = ?, placements = ?::jsonb, predicted = ?::jsonb, explanation = ?::jsonb, "
                    + "version = version + 1, updated_at = ? WHERE plan_id = ?")) {
                ps.setLong(1, inventoryVersion);
                ps.setString(2, json(placements));
                ps.setString(3, json(predicted));
                ps.setString(4, json(explanation));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setObject(6, UUID.fromString(planId));
                ps.executeUpdate();
            }
            return find(c, planId).orElseThrow().plan();
        });
    }

    public Optional<Stored> find(String planId) {
        if (!isUuid(planId)) {
            return Optional.empty();
        }
        // A plan row and its steps are two statements: one snapshot keeps version and steps consistent.
        return db.snapshot(c -> find(c, planId));
    }

    /** Plans of a pool, newest first; the page key is "createdAtMicros/planId". */
    public List<Plan> page(String poolId, int limit, String afterKey) {
        return db.snapshot(c -> {
            String sql = "SELECT " + COLUMNS + " FROM " + PlanRelations.PLAN + " WHERE pool_name = ?"
                    + (afterKey == null ? "" : " AND (created_at, plan_id) < (?, ?)")
                    + " ORDER BY created_at DESC, plan_id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, poolId);
                if (afterKey != null) {
                    String[] parts = afterKey.split("/", 2);
                    if (parts.length != 2 || !isUuid(parts[1]) || !parts[0].matches("-?\\d{1,19}")) {
                        throw new IllegalArgumentException("bad page key");
                    }
                    long micros = Long.parseLong(parts[0]);
                    ps.setTimestamp(i++, Timestamp.from(Instant.EPOCH.plusNanos(micros * 1000)));
                    ps.setObject(i++, UUID.fromString(parts[1]));
                }
                ps.setInt(i, limit);
                List<Plan> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(c, rs).plan());
                    }
                }
                return out;
            }
        });
    }

    public static String pageKey(Plan plan) {
        long micros = plan.createdAt().getEpochSecond() * 1_000_000 + plan.createdAt().getNano() / 1000;
        return micros + "/" + plan.id();
    }

    /** What a state change checks besides version and transition (e.g. drift on approval); throws to refuse. */
    @FunctionalInterface
    public interface Guard {
        void check(Stored current);
    }

    /**
     * Moves a plan to {@code target} if {@code expectedVersion} (when present) is current and the move is
     * legal, after {@code guard} passes; all under a row lock.
     */
    public Plan transition(String planId, OptionalLong expectedVersion, PlanState target, String stateReason,
                           Instant now, Guard guard) {
        if (!isUuid(planId)) {
            throw new PortFailure.NotFound("plan", planId);
        }
        return db.transaction(c -> {
            Stored stored = lockOrNull(c, planId);
            if (stored == null) {
                throw new PortFailure.NotFound("plan", planId);
            }
            Plan plan = stored.plan();
            if (expectedVersion.isPresent() && expectedVersion.getAsLong() != plan.version()) {
                throw new PortFailure.VersionMismatch(expectedVersion.getAsLong(), plan.version());
            }
            plan.state().moveTo(target);
            guard.check(stored);
            setState(c, planId, target, stateReason, now);
            return find(c, planId).orElseThrow().plan();
        });
    }

    /** Moves an executing or approved plan to a final state unless something else already ended it. */
    public Optional<Plan> finishIf(String planId, PlanState from, PlanState target, String stateReason, Instant now) {
        return db.transaction(c -> {
            Stored stored = lockOrNull(c, planId);
            if (stored == null || stored.plan().state() != from || !from.canBecome(target)) {
                return Optional.<Plan>empty();
            }
            setState(c, planId, target, stateReason, now);
            return find(c, planId).map(Stored::plan);
        });
    }

    /** Proposed or approved plans past their expiry become expired; returns them. */
    public List<Plan> expireDue(Instant now) {
        List<String> ids = db.inline(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN + " SET state = ?, version = version + 1, "
                    + "updated_at = ?, state_reason = 'not executed before its expiry at ' || expires_at "
                    + "WHERE state IN (?, ?) AND expires_at <= ? RETURNING plan_id")) {
                ps.setString(1, PlanState.EXPIRED.wire());
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, PlanState.PROPOSED.wire());
                ps.setString(4, PlanState.APPROVED.wire());
                ps.setTimestamp(5, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        return ids.stream().map(id -> find(id).orElseThrow().plan()).toList();
    }

    /** The plan the executor should work on for a pool: executing first, else the oldest approved. */
    public Optional<Stored> nextToRun(String poolId) {
        return db.snapshot(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + PlanRelations.PLAN
                    + " WHERE pool_name = ? AND state IN (?, ?) ORDER BY state = ? DESC, created_at, plan_id LIMIT 1")) {
                ps.setString(1, poolId);
                ps.setString(2, PlanState.APPROVED.wire());
                ps.setString(3, PlanState.EXECUTING.wire());
                ps.setString(4, PlanState.EXECUTING.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(c, rs)) : Optional.<Stored>empty();
                }
            }
        });
    }

    /** Whether the pool has a plan that is proposed, approved or executing. */
    public boolean hasOpenPlan(String poolId) {
        return db.inline(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + PlanRelations.PLAN
                    + " WHERE pool_name = ? AND state IN ('proposed', 'approved', 'executing') LIMIT 1")) {
                ps.setString(1, poolId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static void setState(Connection c, String planId, PlanState target, String stateReason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + PlanRelations.PLAN + " SET state = ?, state_reason = ?, "
                + "version = version + 1, updated_at = ? WHERE plan_id = ?")) {
            ps.setString(1, target.wire());
            ps.setString(2, stateReason);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, UUID.fromString(planId));
            ps.executeUpdate();
        }
    }

    private Stored lock(Connection c, String planId) throws SQLException {
        Stored stored = lockOrNull(c, planId);
        if (stored == null) {
            throw new PortFailure.NotFound("plan", planId);
        }
        return stored;
    }

    private Stored lockOrNull(Connection c, String planId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + PlanRelations.PLAN
                + " WHERE plan_id = ? FOR UPDATE")) {
            ps.setObject(1, UUID.fromString(planId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(c, rs) : null;
            }
        }
    }

    private Optional<Stored> find(Connection c, String planId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + PlanRelations.PLAN
                + " WHERE plan_id = ?")) {
            ps.setObject(1, UUID.fromString(planId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(c, rs)) : Optional.empty();
            }
        }
    }

    private Stored read(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("plan_id");
        List<PlanStep> steps = PlanStepRows.read(c, id);
        PlanBudgets budgets = new PlanBudgets(rs.getInt("max_migrations"), rs.getDouble("max_gib"),
                rs.getInt("time_limit_seconds"));
        Plan plan = new Plan(id, rs.getString("pool_name"), rs.getLong("version"), parse(PlanState.class, rs.getString("state")),
                parse(PlanMode.class, rs.getString("mode")), rs.getString("host_uuid"), budgets, steps,
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("state_reason"),
                StoredForecast.forecast(id, rs.getString("predicted"), rs.getString("measured")), StoredForecast.explanation(id, rs.getString("explanation")));
        String placements = rs.getString("placements");
        Map<String, String> placementMap = placements == null ? Map.of() : readMap(placements);
        return new Stored(plan, rs.getBoolean("planned"), placementMap, rs.getTimestamp("expires_at").toInstant());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text) {
        return Wire.parse(type, text).orElseThrow(() -> new IllegalStateException(
                "stored " + type.getSimpleName() + " '" + text + "' is not one of " + Wire.choices(type)));
    }

    private static Map<String, String> readMap(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored placements are not a JSON object: " + e.getOriginalMessage());
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isUuid(String text) {
        return io.poolpilot.api.model.Ids.isUuid(text);
    }

}
