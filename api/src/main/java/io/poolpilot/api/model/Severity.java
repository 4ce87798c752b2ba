package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent an alert is. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
