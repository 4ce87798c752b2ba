package io.poolpilot.api.port;

import java.util.List;

/** Expected failures a port reports by failing its Future; the API maps each to one problem type. */
public abstract sealed class PortFailure extends RuntimeException
        permits PortFailure.NotFound, PortFailure.VersionMismatch, PortFailure.PoolDrifted, PortFailure.Unavailable,
        PortFailure.InvalidCursor, PortFailure.Refused, PortFailure.IdempotencyKeyReused,
        PortFailure.LimitReached {

    private PortFailure(String message) {
        super(message, null, false, false);
    }

    /** The named thing does not exist (HTTP 404). */
    public static final class NotFound extends PortFailure {
        public NotFound(String kind, String id) {
            super(kind + " '" + id + "' does not exist");
        }
    }

    /** The caller's version is not the current one (HTTP 412). */
    public static final class VersionMismatch extends PortFailure {
        private final long currentVersion;

        public VersionMismatch(long expectedVersion, long currentVersion) {
            super("version " + expectedVersion + " is stale; the current version is " + currentVersion);
            this.currentVersion = currentVersion;
        }

        public long currentVersion() {
            return currentVersion;
        }
    }

    /** The pool changed since the plan was made so the plan no longer holds (HTTP 409); {@code changes} says what. */
    public static final class PoolDrifted extends PortFailure {
        private final List<String> changes;

        public PoolDrifted(List<String> changes) {
            super("the pool changed since the plan was made: " + String.join("; ", changes));
            this.changes = List.copyOf(changes);
        }

        public List<String> changes() {
            return changes;
        }
    }

    /** A dependency (database, XAPI, planner) cannot answer now (HTTP 503). */
    public static final class Unavailable extends PortFailure {
        public Unavailable(String what) {
            super(what);
        }
    }

    /** A cursor the port did not issue, e.g. the usage feed's {@code after} (HTTP 400 invalid-cursor naming the parameter). */
    public static final class InvalidCursor extends PortFailure {
        public InvalidCursor(String detail) {
            super(detail);
        }
    }

    /** The pool would refuse the action now (HTTP 409, one problem type per kind); {@code powerState} set for BAD_POWER_STATE. */
    public static final class Refused extends PortFailure {
        private final io.poolpilot.api.model.Refusal refusal;
        private final String powerState;

        public Refused(io.poolpilot.api.model.Refusal refusal, String detail, String powerState) {
            super(detail);
            this.refusal = java.util.Objects.requireNonNull(refusal, "refusal");
            this.powerState = powerState;
        }

        public io.poolpilot.api.model.Refusal refusal() {
            return refusal;
        }

        public String powerState() {
            return powerState;
        }
    }

    /** An Idempotency-Key already used by the same caller for a different request (HTTP 422). */
    public static final class IdempotencyKeyReused extends PortFailure {
        private final String operationId;

        public IdempotencyKeyReused(String operationId) {
            super("this Idempotency-Key was used for a different request (operation " + operationId
                    + "); use a new key for a new request");
            this.operationId = operationId;
        }

        public String operationId() {
            return operationId;
        }
    }

    /** A limit on concurrent use is reached (HTTP 429): {@code limit} names it, e.g. consoles per token. */
    public static final class LimitReached extends PortFailure {
        private final String limit;

        public LimitReached(String limit, String detail) {
            super(detail);
            this.limit = limit;
        }

        public String limit() {
            return limit;
        }
    }
}
