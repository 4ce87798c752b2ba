package io.poolpilot.planner;

import ai.timefold.solver.core.api.score.ScoreExplanation;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import io.poolpilot.planner.placement.PoolState;
import io.poolpilot.planner.sequence.ForcedOverload;
import io.poolpilot.planner.sequence.Migration;
import io.poolpilot.planner.solver.PlacementJustification;
import io.poolpilot.planner.solver.PlacementJustification.AffinitySplit;
import io.poolpilot.planner.solver.PlacementJustification.AntiAffinityConflict;
import io.poolpilot.planner.solver.PlacementJustification.CpuOverThreshold;
import io.poolpilot.planner.solver.PlacementJustification.Imbalance;
import io.poolpilot.planner.solver.PlacementJustification.MemoryOverCapacity;
import io.poolpilot.planner.solver.PlacementJustification.VcpuOvercommit;
import io.poolpilot.planner.solver.PlacementJustification.VmOnUnavailableHost;
import io.poolpilot.planner.solver.PlacementSolution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes each step's reason from the constraint matches of the current placement. */
final class StepReasons {

    private final List<PlacementJustification> now;
    private final Mode mode;
    private final Names names;
    /** VM id to the words of the forced overload its evacuation caused. */
    private final Map<String, String> forced;

    StepReasons(ScoreExplanation<PlacementSolution, HardMediumSoftLongScore> explanation, Mode mode, Names names,
                List<ForcedOverload> forced) {
        this.now = explanation.getJustificationList(PlacementJustification.class);
        this.mode = mode;
        this.names = names;
        this.forced = new HashMap<>();
        forced.forEach(f -> this.forced.putIfAbsent(f.vmId(), f.why()));
    }

    Reason reason(Migration m, PoolState before, PoolState after) {
        int vm = before.vmIndex(m.vmId());
        VmSpec spec = before.vm(vm);
        int from = before.hostIndex(m.fromHostId());
        int to = before.hostIndex(m.toHostId());
        List<PlacementJustification> relevant = new ArrayList<>();
        for (PlacementJustification j : now) {
            if (concerns(j, spec, m.fromHostId())) {
                relevant.add(j);
            }
        }
        String summary = summary(m, relevant, before, after, from, to);
        if (forced.containsKey(m.vmId()) && m.kind() != Migration.Kind.PARK) {
            summary = summary + "; " + forced.get(m.vmId());
        }
        return new Reason(summary, relevant.stream().map(j -> j.describe(names)).toList(),
                before.load(from), after.load(from), before.load(to), after.load(to));
    }

    private static boolean concerns(PlacementJustification j, VmSpec vm, String sourceHostId) {
        return switch (j) {
            case VmOnUnavailableHost u -> u.vmId().equals(vm.id());
            case AntiAffinityConflict a -> a.hostId().equals(sourceHostId) && vm.antiAffinityGroups().contains(a.group());
            case AffinitySplit a -> vm.affinityGroups().contains(a.group());
            case MemoryOverCapacity o -> o.hostId().equals(sourceHostId);
            case VcpuOvercommit o -> o.hostId().equals(sourceHostId);
            case CpuOverThreshold o -> o.hostId().equals(sourceHostId);
            case PlacementJustification.CpuPeak p -> p.hostId().equals(sourceHostId);
            case Imbalance i -> true;
            default -> false;
        };
    }

    private String summary(Migration m, List<PlacementJustification> relevant, PoolState before, PoolState after,
                           int from, int to) {
        String loads = String.format(Locale.ROOT, "%s cpu %.1f%% -> %.1f%%, %s cpu %.1f%% -> %.1f%%",
                names.of(m.fromHostId()), before.cpuUtilisation(from) * 100, after.cpuUtilisation(from) * 100,
                names.of(m.toHostId()), before.cpuUtilisation(to) * 100, after.cpuUtilisation(to) * 100);
        if (m.kind() == Migration.Kind.PARK) {
            return "park on spare host " + names.of(m.toHostId())
                    + " to break a cycle of full hosts; moves on in a later wave";
        }
        String prefix = m.kind() == Migration.Kind.RESUME ? "resume from spare host: " : "";
        for (PlacementJustification j : relevant) {
            if (j instanceof VmOnUnavailableHost u) {
                return prefix + "evacuate: host " + names.of(u.hostId()) + " is " + u.hostState();
            }
        }
        for (PlacementJustification j : relevant) {
            switch (j) {
                case AntiAffinityConflict a -> {
                    return prefix + "spread anti-affinity group " + a.group() + " off host " + names.of(a.hostId());
                }
                case AffinitySplit a -> {
                    return prefix + "bring affinity group " + a.group() + " together on " + names.of(m.toHostId());
                }
                case MemoryOverCapacity o -> {
                    return prefix + "relieve memory overcommit on " + names.of(o.hostId());
                }
                case VcpuOvercommit o -> {
                    return prefix + "relieve vCPU overcommit on " + names.of(o.hostId());
                }
                default -> {
                }
            }
        }
        for (PlacementJustification j : relevant) {
            if (j instanceof CpuOverThreshold) {
                return prefix + "relieve CPU over threshold: " + loads;
            }
        }
        if (mode instanceof Mode.Consolidate) {
            return prefix + (after.residentCount(from) == 0 ? "consolidate: empties host " + names.of(m.fromHostId())
                    : "consolidate: packs onto " + names.of(m.toHostId())) + "; " + loads;
        }
        return prefix + "balance: " + loads;
    }
}
