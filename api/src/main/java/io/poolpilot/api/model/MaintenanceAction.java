package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Host maintenance: enter (disable, then evacuate through a plan) or exit (enable). */
public enum MaintenanceAction {
    ENTER, EXIT;

    @JsonValue
    public String wire() {
        return Wire.name(this);
    }

    /** The operation's action name, e.g. {@code maintenance-enter}. */
    public String operationAction() {
        return "maintenance-" + wire();
    }
}
