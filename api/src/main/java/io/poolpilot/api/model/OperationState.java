package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;

/** Life of an operation: queued → running → succeeded | failed (a queued one may fail before it runs). */
public enum OperationState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** The states this one may move to. */
    public Set<OperationState> next() {
        return switch (this) {
            case QUEUED -> Set.of(RUNNING, FAILED);
            case RUNNING -> Set.of(SUCCEEDED, FAILED);
            case SUCCEEDED, FAILED -> Set.of();
        };
    }
}
