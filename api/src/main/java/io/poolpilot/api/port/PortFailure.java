package io.poolpilot.api.port;

import java.util.List;

/** Expected failures a port reports by failing its Future; the API maps each to one problem type. */
public abstract sealed class PortFailure extends RuntimeException
        permits PortFailure.NotFound, PortFailure.VersionMismatch, PortFailure.PoolDrifted, PortFailure.Unavailable,
        PortFailure.InvalidCursor {

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
}
