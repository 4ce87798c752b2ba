package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an answer to an alert is: {@code waiting} out its grace period, {@code proposed} to an operator
 * (advisory pools), {@code approved} and about to run, {@code running}, or ended: {@code succeeded},
 * {@code failed}, {@code cancelled} (the trouble went away first, or the pool turned manual), {@code rejected}
 * (by an operator).
 */
public enum AnswerState {
    WAITING, PROPOSED, APPROVED, RUNNING, SUCCEEDED, FAILED, CANCELLED, REJECTED;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }

    /** Whether nothing more happens to an answer in this state. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == REJECTED;
    }
}
