package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an operator may ask of one VM ({@code POST /v1/vms/{uuid}/actions}); spelled with dashes on the wire. */
public enum VmAction {
    START, SHUTDOWN, HARD_SHUTDOWN, REBOOT, SUSPEND, RESUME, MIGRATE;

    @JsonValue
    public String wire() {
        return Wire.name(this).replace('_', '-');
    }

    public static Optional<VmAction> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.wire().equals(text)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(VmAction::wire).collect(Collectors.joining("|"));
    }

    /** Whether the action takes a host: only migrate, which needs its destination (start and resume let the pool pick). */
    public boolean takesHost() {
        return this == MIGRATE;
    }
}
