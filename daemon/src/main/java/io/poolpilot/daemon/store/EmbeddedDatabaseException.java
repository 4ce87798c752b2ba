package io.poolpilot.daemon.store;

/** The embedded PostgreSQL cannot start; the message is one line naming the data directory and the server's log. */
public final class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
