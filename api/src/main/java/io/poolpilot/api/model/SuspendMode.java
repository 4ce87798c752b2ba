package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an account suspension stops its VMs: suspend to disk (memory kept) or clean shutdown. */
public enum SuspendMode {
    SUSPEND, SHUTDOWN;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }
}
