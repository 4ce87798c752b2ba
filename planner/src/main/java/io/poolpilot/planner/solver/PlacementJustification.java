package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.stream.ConstraintJustification;

import io.poolpilot.planner.Names;

import java.util.List;
import java.util.Locale;

/**
 * Why a constraint matched, in words an operator understands. Every constraint justifies its matches
 * with one of these records, so a plan can say which rule each step serves.
 */
public sealed interface PlacementJustification extends ConstraintJustification {

    /** One readable line naming hosts and VMs by name with their id beside it. */
    String describe(Names names);

    /** One readable line naming hosts and VMs by id. */
    default String describe() {
        return describe(Names.NONE);
    }

    /** Hosts the match is about. */
    List<String> hostIds();

    /** VMs the match is about (empty for host-level matches). */
    default List<String> vmIds() {
        return List.of();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / Units.GIB);
    }

    private static String cores(long millis) {
        return String.format(Locale.ROOT, "%.2f cores", millis / 1000.0);
    }

    /** A host's VMs need more memory than it has for guests. */
    record MemoryOverCapacity(String hostId, long usedBytes, long capacityBytes) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "host " + names.of(hostId) + " memory " + gib(usedBytes) + " exceeds usable " + gib(capacityBytes);
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /** A VM sits on a host that is disabled, in maintenance or being evacuated. */
    record VmOnUnavailableHost(String vmId, String hostId, String hostState) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "vm " + names.of(vmId) + " runs on host " + names.of(hostId) + " which is " + hostState;
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }

        @Override
        public List<String> vmIds() {
            return List.of(vmId);
        }
    }

    /** A pinned VM would move. */
    record PinnedVmMoved(String vmId, String fromHostId, String toHostId) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "pinned vm " + names.of(vmId) + " would move from " + names.of(fromHostId) + " to " + names.of(toHostId);
        }

        @Override
        public List<String> hostIds() {
            return List.of(fromHostId, toHostId);
        }

        @Override
        public List<String> vmIds() {
            return List.of(vmId);
        }
    }

    /** Several members of an anti-affinity group share a host. */
    record AntiAffinityConflict(String group, String hostId, int members) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return members + " VMs of anti-affinity group " + group + " share host " + names.of(hostId);
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /** An affinity group is split over several hosts. */
    record AffinitySplit(String group, List<String> hostIds) implements PlacementJustification {
        public AffinitySplit {
            hostIds = hostIds.stream().sorted().toList();
        }

        @Override
        public String describe(Names names) {
            return "affinity group " + group + " is split over hosts " + String.join(", ", hostIds.stream().map(names::of).toList());
        }
    }

    /** A host's VMs have more vCPUs than the overcommit limit allows. */
    record VcpuOvercommit(String hostId, int vcpus, int maxVcpus) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "host " + names.of(hostId) + " has " + vcpus + " vCPUs, over its overcommit limit of " + maxVcpus;
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /** The plan exceeds a move budget. */
    record BudgetExceeded(String budget, long used, long limit) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "budget " + budget + " exceeded: " + used + " > " + limit;
        }

        @Override
        public List<String> hostIds() {
            return List.of();
        }
    }

    /** A host's CPU demand is above its threshold. */
    record CpuOverThreshold(String hostId, long demandMillis, long thresholdMillis) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "host " + names.of(hostId) + " CPU demand " + cores(demandMillis) + " is over its threshold "
                    + cores(thresholdMillis);
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /**
     * A host would end over the pool's threshold: pushed over it, or, already over it, given more.
     *
     * @param resource "cpu" (amounts in millicores) or "memory" (bytes)
     * @param before   the host's demand before the plan
     * @param after    its demand in the placement scored
     * @param threshold the threshold on this host
     */
    record PushedOverThreshold(String resource, String hostId, long before, long after, long threshold)
            implements PlacementJustification {
        @Override
        public String describe(Names names) {
            boolean cpu = resource.equals("cpu");
            String was = cpu ? cores(before) : gib(before);
            String will = cpu ? cores(after) : gib(after);
            String limit = cpu ? cores(threshold) : gib(threshold);
            return before > threshold
                    ? "host " + names.of(hostId) + " is over its " + resource + " threshold " + limit + " already ("
                    + was + " before the plan) and would get more: " + will + " after"
                    : "host " + names.of(hostId) + " would go over its " + resource + " threshold " + limit + ": "
                    + was + " before the plan, " + will + " after";
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /**
     * VMs evacuated onto a host bring it this much (millicores or bytes), which the threshold rule allows
     * over the threshold: an evacuation leaves them no other place.
     */
    record EvacuationAllowance(String resource, String hostId, long evacuees) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "host " + names.of(hostId) + " takes " + (resource.equals("cpu") ? cores(evacuees) : gib(evacuees))
                    + " of " + resource + " from evacuated VMs, allowed over its threshold";
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /**
     * Utilisation differs between hosts.
     *
     * @param resource       "cpu" or "memory"
     * @param unfairnessPpm  loadBalance unfairness of utilisation, in ppm
     * @param hostCount      hosts balanced over
     */
    record Imbalance(String resource, long unfairnessPpm, int hostCount) implements PlacementJustification {
        /** Population standard deviation of utilisation, as a fraction. */
        public double stdDev() {
            return unfairnessPpm / (double) Units.UTILISATION_SCALE / Math.sqrt(Math.max(1, hostCount));
        }

        @Override
        public String describe(Names names) {
            return String.format(Locale.ROOT, "%s utilisation std dev %.2f%% over %d hosts", resource,
                    stdDev() * 100, hostCount);
        }

        @Override
        public List<String> hostIds() {
            return List.of();
        }
    }

    /** The busiest host and its CPU utilisation. */
    record CpuPeak(String hostId, long utilisationPpm) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return String.format(Locale.ROOT, "busiest host %s at %.1f%% CPU", names.of(hostId),
                    utilisationPpm * 100.0 / Units.UTILISATION_SCALE);
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }

    /** A VM moves: the cost side of a plan. */
    record Migration(String vmId, String fromHostId, String toHostId, long memoryBytes)
            implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "vm " + names.of(vmId) + " moves " + gib(memoryBytes) + " from " + names.of(fromHostId) + " to " + names.of(toHostId);
        }

        @Override
        public List<String> hostIds() {
            return List.of(fromHostId, toHostId);
        }

        @Override
        public List<String> vmIds() {
            return List.of(vmId);
        }
    }

    /** A host still runs VMs (consolidate mode wants it empty). */
    record HostInUse(String hostId, long memoryUsedBytes, long memoryCapacityBytes) implements PlacementJustification {
        @Override
        public String describe(Names names) {
            return "host " + names.of(hostId) + " is in use with " + gib(memoryUsedBytes) + " of " + gib(memoryCapacityBytes);
        }

        @Override
        public List<String> hostIds() {
            return List.of(hostId);
        }
    }
}
