package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Progress of one migration step of a plan. */
public enum StepStatus {
    PENDING, RUNNING, DONE, FAILED, SKIPPED;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
