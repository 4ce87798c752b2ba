package io.poolpilot.cli;

/** No answer from the server (refused connection, unknown host, timeout): exit code 3. */
public final class Unreachable extends RuntimeException {
    public Unreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
