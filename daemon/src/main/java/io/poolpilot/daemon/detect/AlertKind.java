package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.Severity;

import java.util.Arrays;

/** What the detector can notice, with the name alerts carry on the wire and how urgent each is. */
public enum AlertKind {
    HOST_DOWN("host-down", Severity.CRITICAL),
    STORAGE_LOST("storage-lost", Severity.CRITICAL),
    STORAGE_LOST_POOL("storage-lost-pool", Severity.CRITICAL),
    VM_STRANDED("vm-stranded", Severity.CRITICAL),
    HOST_OVERLOADED("host-overloaded", Severity.WARNING);

    private final String wire;
    private final Severity severity;

    AlertKind(String wire, Severity severity) {
        this.wire = wire;
        this.severity = severity;
    }

    public String wire() {
        return wire;
    }

    public Severity severity() {
        return severity;
    }

    public static AlertKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert kind '" + wire + "'"));
    }
}
