package io.poolpilot.xapi.model;

import io.poolpilot.xapi.wire.WireFields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A host's memory figures and liveness as its metrics object reports them. */
public record HostMetrics(String ref, String uuid, long memoryTotalBytes, long memoryFreeBytes,
                          boolean live, Optional<Instant> lastUpdated) implements XapiObject {

    public HostMetrics {
        XapiObject.requireIdentity("HostMetrics", ref, uuid);
        Objects.requireNonNull(lastUpdated, "lastUpdated");
    }

    public static HostMetrics fromWire(String ref, Map<String, Object> fields) {
        WireFields f = WireFields.of("host_metrics", ref, fields);
        return new HostMetrics(ref, f.uuid(), f.int64("memory_total"), f.int64("memory_free"),
                f.bool("live"), f.dateTime("last_updated"));
    }
}
