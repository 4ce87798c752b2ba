package io.poolpilot.xapi.model;

/** A VM's power state as XAPI reports it; {@link #UNKNOWN} for a value this build does not know. */
public enum PowerState {
    HALTED, PAUSED, RUNNING, SUSPENDED, UNKNOWN
}
