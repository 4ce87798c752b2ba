package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Power state of a VM as the API reports it. */
public enum PowerState {
    RUNNING, HALTED, PAUSED, SUSPENDED;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
