package io.poolpilot.daemon.billing;

import io.poolpilot.daemon.usage.UsageAmounts;

import java.time.Instant;

/**
 * Usage summed over one period: for one VM (and account) when the query named a VM, else for one
 * account over all its VMs. Adjustments are included in the period they correct.
 *
 * @param vmUuid   null for per-account rows
 * @param account  null for a VM without billing account
 * @param vmHours  how many VM-hour records the row sums
 * @param coverage covered seconds / (vmHours x 3600): the share of metered VM-hours that had samples
 */
public record UsageRow(String account, String vmUuid, Granularity granularity, Instant periodStart, long vmHours,
                       double coverage, UsageAmounts amounts) {
}
