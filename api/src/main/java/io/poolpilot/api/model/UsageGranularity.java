package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The period a usage row sums over: one UTC hour, UTC day or calendar month (UTC). */
public enum UsageGranularity {
    HOUR, DAY, MONTH;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
