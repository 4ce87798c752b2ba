package io.poolpilot.planner;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One running VM as the planner sees it.
 *
 * @param id                 stable VM id (XAPI uuid in practice)
 * @param vcpus              virtual CPUs
 * @param memoryBytes        memory footprint on a host, including the VM's own overhead
 * @param cpuDemandCores     CPU demand estimate in cores (for example the p95 of the live window);
 *                           at most {@code vcpus}
 * @param currentHostId      host the VM runs on now
 * @param pinned             true when the VM must not move
 * @param affinityGroups     groups whose members must share a host
 * @param antiAffinityGroups groups whose members must be on different hosts
 * @param lastMigratedAt     when the VM last migrated, or {@code null} if unknown or never; used for
 *                           the cooldown against ping-pong
 */
public record VmSpec(
        String id,
        int vcpus,
        long memoryBytes,
        double cpuDemandCores,
        String currentHostId,
        boolean pinned,
        SortedSet<String> affinityGroups,
        SortedSet<String> antiAffinityGroups,
        Instant lastMigratedAt) {

    public VmSpec {
        Objects.requireNonNull(id, "vm id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("vm id must not be blank");
        }
        if (vcpus <= 0) {
            throw new IllegalArgumentException("vm " + id + ": vcpus must be > 0, got " + vcpus);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("vm " + id + ": memoryBytes must be > 0, got " + memoryBytes);
        }
        if (!(cpuDemandCores >= 0) || cpuDemandCores > vcpus) {
            throw new IllegalArgumentException("vm " + id + ": cpuDemandCores must be in [0, vcpus=" + vcpus
                    + "], got " + cpuDemandCores);
        }
        if (currentHostId == null || currentHostId.isBlank()) {
            throw new IllegalArgumentException("vm " + id + ": currentHostId is required (plan only running VMs)");
        }
        affinityGroups = immutableSorted(affinityGroups, id, "affinityGroups");
        antiAffinityGroups = immutableSorted(antiAffinityGroups, id, "antiAffinityGroups");
    }

    /** A VM with no groups, not pinned, never migrated. */
    public static VmSpec of(String id, int vcpus, long memoryBytes, double cpuDemandCores, String currentHostId) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, currentHostId, false, null, null, null);
    }

    public VmSpec withPinned(boolean newPinned) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, currentHostId, newPinned, affinityGroups,
                antiAffinityGroups, lastMigratedAt);
    }

    public VmSpec withAffinityGroups(SortedSet<String> groups) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, currentHostId, pinned, groups,
                antiAffinityGroups, lastMigratedAt);
    }

    public VmSpec withAntiAffinityGroups(SortedSet<String> groups) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, currentHostId, pinned, affinityGroups,
                groups, lastMigratedAt);
    }

    public VmSpec withLastMigratedAt(Instant when) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, currentHostId, pinned, affinityGroups,
                antiAffinityGroups, when);
    }

    public VmSpec withCurrentHostId(String hostId) {
        return new VmSpec(id, vcpus, memoryBytes, cpuDemandCores, hostId, pinned, affinityGroups,
                antiAffinityGroups, lastMigratedAt);
    }

    // Sorted, so that iteration order (and therefore the plan) never depends on hash seeds.
    private static SortedSet<String> immutableSorted(SortedSet<String> groups, String vmId, String field) {
        if (groups == null || groups.isEmpty()) {
            return Collections.emptySortedSet();
        }
        for (String group : groups) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("vm " + vmId + ": " + field + " contains a blank group name");
            }
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    }
}
