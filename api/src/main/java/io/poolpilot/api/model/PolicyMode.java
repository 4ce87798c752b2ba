package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How far PoolPilot may act on a pool by itself: plans on request, proposed plans, or auto-approved plans. */
public enum PolicyMode {
    MANUAL, ADVISORY, AUTOMATIC;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
