package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The most recent sample of one VM: CPU as a fraction of its vCPUs, memory in bytes, I/O in bytes/s.
 * {@code memoryInternalFreeBytes} is null when the guest agent does not report it.
 */
public record VmMetrics(Instant at, double cpuFraction, long memoryBytes, Long memoryInternalFreeBytes,
                        double networkRxBytesPerSecond, double networkTxBytesPerSecond,
                        double diskReadBytesPerSecond, double diskWriteBytesPerSecond) {
    public VmMetrics {
        Objects.requireNonNull(at, "vm metrics at");
    }
}
