package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A virtual machine (also templates, snapshots and control domains, flagged as such). */
public record Vm(String ref, String uuid, String nameLabel, PowerState powerState,
                 Optional<String> residentOn, Optional<String> affinity,
                 long memoryStaticMinBytes, long memoryStaticMaxBytes,
                 long memoryDynamicMinBytes, long memoryDynamicMaxBytes, long memoryTargetBytes,
                 int vcpusMax, int vcpusAtStartup,
                 boolean isControlDomain, boolean isATemplate, boolean isSnapshot,
                 Map<String, String> otherConfig, List<String> tags,
                 Optional<String> metrics, Optional<String> guestMetrics,
                 List<String> diskAttachments, List<String> networkInterfaces) implements XapiObject {

    public Vm {
        XapiObject.requireIdentity("Vm", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(powerState, "powerState");
        Objects.requireNonNull(residentOn, "residentOn");
        Objects.requireNonNull(affinity, "affinity");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(guestMetrics, "guestMetrics");
        otherConfig = Map.copyOf(otherConfig);
        tags = List.copyOf(tags);
        diskAttachments = List.copyOf(diskAttachments);
        networkInterfaces = List.copyOf(networkInterfaces);
    }

    /** A guest PoolPilot may place and move: not a template, snapshot or control domain. */
    public boolean isGuest() {
        return !isControlDomain && !isATemplate && !isSnapshot;
    }

    public static Vm fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VM", ref, fields);
        return new Vm(ref, f.uuid(), f.string("name_label"),
                f.enumValue("power_state", PowerState.class, PowerState.UNKNOWN),
                f.ref("resident_on"), f.refOrNone("affinity"),
                f.int64("memory_static_min"), f.int64("memory_static_max"),
                f.int64("memory_dynamic_min"), f.int64("memory_dynamic_max"),
                f.int64Or("memory_target", 0),
                f.int32("VCPUs_max"), f.int32("VCPUs_at_startup"),
                f.bool("is_control_domain"), f.bool("is_a_template"), f.boolOr("is_a_snapshot", false),
                f.stringMap("other_config"), f.strings("tags"),
                f.refOrNone("metrics"), f.refOrNone("guest_metrics"),
                f.refs("VBDs"), f.refs("VIFs"));
    }
}
