package io.poolpilot.cli;

/** The command line cannot be run as given (missing URL or token, a bad value): exit code 2. */
public final class UsageProblem extends RuntimeException {
    public UsageProblem(String message) {
        super(message);
    }
}
