package io.poolpilot.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * Usage summed over one period: for one VM (and account) when the query named a VM, else for one account
 * over all its VMs. Every amount is a total over the period, never a rate.
 *
 * @param account   null for VMs without a billing account
 * @param vmUuid    null on per-account rows
 * @param vmHours   how many VM-hour records the row sums
 * @param coverage  covered seconds / (vmHours x 3600): the share of metered VM-hours that had samples
 */
public record UsageRow(Instant periodStart, UsageGranularity granularity,
                       @JsonInclude(JsonInclude.Include.ALWAYS) String account,
                       @JsonInclude(JsonInclude.Include.ALWAYS) String vmUuid,
                       long vmHours, double coverage, double runningSeconds, double vcpuSeconds, double cpuSeconds,
                       double memoryGibHours, double memoryUsedGibHours, double diskReadBytes, double diskWriteBytes,
                       double netRxBytes, double netTxBytes) {
    public UsageRow {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(granularity, "granularity");
        if (vmHours < 0) {
            throw new IllegalArgumentException("vmHours must be >= 0, got " + vmHours);
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be 0..1, got " + coverage);
        }
    }
}
