package io.poolpilot.daemon.detect;

import io.poolpilot.api.model.AlertLabels;
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

    /**
     * The labels of an alert of this kind about {@code subject}: the host, SR or VM the subject names (a
     * {@code storage-lost} subject is {@code <sr uuid>@<host uuid>}). A {@code vm-stranded} alert names its VM only.
     */
    public AlertLabels labels(String pool, String subject) {
        return switch (this) {
            case HOST_DOWN, HOST_OVERLOADED -> new AlertLabels(wire, pool, subject, null, null);
            case STORAGE_LOST_POOL -> new AlertLabels(wire, pool, null, subject, null);
            case VM_STRANDED -> new AlertLabels(wire, pool, null, null, subject);
            case STORAGE_LOST -> {
                int at = subject.indexOf('@');
                yield at < 0 ? new AlertLabels(wire, pool, null, subject, null)
                        : new AlertLabels(wire, pool, subject.substring(at + 1), subject.substring(0, at), null);
            }
        };
    }

    /** The labels of a stored alert; an alert of a kind this version does not know has only kind and pool. */
    public static AlertLabels labelsOf(io.poolpilot.api.model.Alert alert) {
        try {
            return fromWire(alert.kind()).labels(alert.poolId(), alert.subject());
        } catch (IllegalArgumentException unknownKind) {
            return new AlertLabels(alert.kind(), alert.poolId(), null, null, null);
        }
    }

    public static AlertKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert kind '" + wire + "'"));
    }
}
