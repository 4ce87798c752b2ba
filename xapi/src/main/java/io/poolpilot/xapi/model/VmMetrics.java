package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A VM's actual memory and vCPU count as the hypervisor reports them. */
public record VmMetrics(String ref, String uuid, long memoryActualBytes, int vcpusNumber,
                        Optional<Instant> startTime, Optional<Instant> lastUpdated) implements XapiObject {

    public VmMetrics {
        XapiObject.requireIdentity("VmMetrics", ref, uuid);
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }

    public static VmMetrics fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("VM_metrics", ref, fields);
        return new VmMetrics(ref, f.uuid(), f.int64("memory_actual"), f.int32("VCPUs_number"),
                f.dateTime("start_time"), f.dateTime("last_updated"));
    }
}
