package io.poolpilot.daemon.model;

/** Power state of a VM, in plain words (the XAPI spelling is mapped in xapi/). */
public enum PowerState {
    HALTED, PAUSED, RUNNING, SUSPENDED
}
