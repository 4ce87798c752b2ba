package io.poolpilot.xapi.model;

import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.wire.WireFields;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A physical host of a pool, with the VMs resident on it. */
public record Host(String ref, String uuid, String nameLabel, String address, boolean enabled,
                   int cpuCount, long memoryOverheadBytes, Optional<String> metrics,
                   List<String> residentVms, List<String> storageAttachments,
                   Map<String, String> otherConfig) implements XapiObject {

    public Host {
        XapiObject.requireIdentity("Host", ref, uuid);
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(address, "address");
        if (cpuCount < 0) {
            throw new IllegalArgumentException("Host " + ref + " cpuCount must be >= 0, got " + cpuCount);
        }
        Objects.requireNonNull(metrics, "metrics");
        residentVms = List.copyOf(residentVms);
        storageAttachments = List.copyOf(storageAttachments);
        otherConfig = Map.copyOf(otherConfig);
    }

    public static Host fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("host", ref, fields);
        return new Host(ref, f.uuid(), f.string("name_label"), f.string("address"), f.bool("enabled"),
                cpuCount(ref, f.stringMap("cpu_info")), f.int64Or("memory_overhead", 0),
                f.refOrNone("metrics"), f.refs("resident_VMs"), f.refs("PBDs"), f.stringMap("other_config"));
    }

    private static int cpuCount(String ref, Map<String, String> cpuInfo) {
        String count = cpuInfo.get("cpu_count");
        if (count == null) {
            throw new XapiTransportException("host " + ref + ": field 'cpu_info' has no 'cpu_count'");
        }
        try {
            return Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            throw new XapiTransportException("host " + ref + ": cpu_info 'cpu_count' is not a number: '" + count + "'", e);
        }
    }
}
