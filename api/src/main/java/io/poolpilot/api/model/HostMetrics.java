package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/** The most recent sample of one host: CPU as a fraction of all cores, memory in bytes, network in bytes/s. */
public record HostMetrics(Instant at, double cpuFraction, long memoryFreeBytes, double loadAverage,
                          double networkRxBytesPerSecond, double networkTxBytesPerSecond) {
    public HostMetrics {
        Objects.requireNonNull(at, "host metrics at");
    }
}
