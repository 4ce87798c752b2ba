package io.poolpilot.xapi.model;

/** Where an asynchronous XAPI task stands; {@link #UNKNOWN} for a value this build does not know. */
public enum TaskStatus {
    PENDING, SUCCESS, FAILURE, CANCELLING, CANCELLED, UNKNOWN;

    /** True once the task will not change any more. */
    public boolean isFinished() {
        return this == SUCCESS || this == FAILURE || this == CANCELLED;
    }
}
