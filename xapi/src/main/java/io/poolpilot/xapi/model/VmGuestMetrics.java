package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the guest agent inside a VM reports: OS, addresses, memory, agent liveness. */
public record VmGuestMetrics(String ref, String uuid, Map<String, String> osVersion,
                             Map<String, String> networks, Map<String, String> memory,
                             boolean live, Optional<Instant> lastUpdated) implements XapiObject {

    public VmGuestMetrics {
        XapiObject.requireIdentity("VmGuestMetrics", ref, uuid);
        osVersion = Map.copyOf(osVersion);
        networks = Map.copyOf(networks);
        memory = Map.copyOf(memory);
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }

    public static VmGuestMetrics fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VM_guest_metrics", ref, fields);
        return new VmGuestMetrics(ref, f.uuid(), f.stringMap("os_version"), f.stringMap("networks"),
                f.stringMap("memory"), f.boolOr("live", false), f.dateTime("last_updated"));
    }
}
