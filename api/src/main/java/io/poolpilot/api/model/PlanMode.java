package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a plan aims for: spread load, pack onto fewer hosts, or empty one host. */
public enum PlanMode {
    BALANCE, CONSOLIDATE, EVACUATE;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
