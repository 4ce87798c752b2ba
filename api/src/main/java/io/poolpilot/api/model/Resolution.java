package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which stored series answered a metric query: raw 5 s samples, 1-minute or 1-hour rollups. */
public enum Resolution {
    RAW, MINUTE, HOUR;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
