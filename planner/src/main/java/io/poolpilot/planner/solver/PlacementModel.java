package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.Mode;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.Weights;
import io.poolpilot.planner.placement.HostLimits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a snapshot, a mode and budgets to a Timefold problem, and a placement back onto it. */
public final class PlacementModel {

    private PlacementModel() {
    }

    /** The problem with every VM on its current host. */
    public static PlacementSolution build(PoolSnapshot snapshot, Mode mode, Budgets budgets) {
        String evacuating = evacuatingHostId(snapshot, mode);
        Map<String, Long> cpuBefore = new HashMap<>();
        Map<String, Long> memoryBefore = new HashMap<>();
        for (VmSpec vm : snapshot.vms()) {
            cpuBefore.merge(vm.currentHostId(), Units.millis(vm.cpuDemandCores()), Long::sum);
            memoryBefore.merge(vm.currentHostId(), vm.memoryBytes(), Long::sum);
        }
        List<PlanningHost> hosts = new ArrayList<>();
        Map<String, PlanningHost> byId = new HashMap<>();
        for (HostSpec spec : snapshot.hosts()) {
            PlanningHost host = new PlanningHost(spec.id(), HostLimits.cpuCapacityMillis(spec),
                    HostLimits.cpuThresholdMillis(spec, snapshot.rules()),
                    spec.memoryUsableBytes(), HostLimits.memoryThresholdBytes(spec, snapshot.rules()),
                    HostLimits.maxVcpus(spec, snapshot.rules().vcpuOvercommitRatio()),
                    unavailableReason(spec, evacuating), cpuBefore.getOrDefault(spec.id(), 0L),
                    memoryBefore.getOrDefault(spec.id(), 0L));
            hosts.add(host);
            byId.put(spec.id(), host);
        }
        List<PlanningVm> vms = new ArrayList<>();
        for (VmSpec spec : snapshot.vms()) {
            vms.add(new PlanningVm(spec.id(), spec.memoryBytes(), spec.vcpus(), Units.millis(spec.cpuDemandCores()),
                    byId.get(spec.currentHostId()), spec.pinned(), snapshot.inCooldown(spec),
                    List.copyOf(spec.affinityGroups()), List.copyOf(spec.antiAffinityGroups())));
        }
        return new PlacementSolution(hosts, vms, new MoveBudget(budgets.maxMigrations(), budgets.maxMovedBytes()),
                weights(snapshot.rules().weights(), mode));
    }

    /** The same problem with VMs placed as {@code placement} says (VM id to host id). */
    public static PlacementSolution withPlacement(PlacementSolution problem, Map<String, String> placement) {
        Map<String, PlanningHost> byId = new HashMap<>();
        problem.getHosts().forEach(h -> byId.put(h.getId(), h));
        List<PlanningVm> vms = new ArrayList<>();
        for (PlanningVm vm : problem.getVms()) {
            PlanningVm copy = new PlanningVm(vm.getId(), vm.getMemoryBytes(), vm.getVcpus(), vm.getCpuDemandMillis(),
                    vm.getOriginalHost(), vm.isPinned(), vm.isInCooldown(), vm.getAffinityGroups(),
                    vm.getAntiAffinityGroups());
            copy.setHost(byId.get(placement.getOrDefault(vm.getId(), vm.getOriginalHost().getId())));
            vms.add(copy);
        }
        return new PlacementSolution(problem.getHosts(), vms, problem.getBudget(),
                problem.getConstraintWeightOverrides());
    }

    /** The same problem and placement with the hard threshold rule weighing nothing (the exploring search). */
    public static PlacementSolution withoutThresholdRule(PlacementSolution problem) {
        ConstraintWeightOverrides<HardMediumSoftLongScore> weights = problem.getConstraintWeightOverrides();
        Map<String, HardMediumSoftLongScore> overrides = new LinkedHashMap<>();
        for (String name : weights.getKnownConstraintNames()) {
            overrides.put(name, weights.getConstraintWeight(name));
        }
        for (String name : List.of(PlacementConstraints.CPU_THRESHOLD_KEPT, PlacementConstraints.MEMORY_THRESHOLD_KEPT,
                PlacementConstraints.CPU_EVACUATION_ALLOWANCE, PlacementConstraints.MEMORY_EVACUATION_ALLOWANCE)) {
            overrides.put(name, HardMediumSoftLongScore.ZERO);
        }
        PlacementSolution copy = withPlacement(problem, placement(problem));
        copy.setConstraintWeightOverrides(ConstraintWeightOverrides.of(overrides));
        return copy;
    }

    /** VM id to planned host id, in VM order. */
    public static Map<String, String> placement(PlacementSolution solution) {
        Map<String, String> placement = new LinkedHashMap<>();
        solution.getVms().forEach(vm -> placement.put(vm.getId(), vm.getHost().getId()));
        return placement;
    }

    /** The host evacuate mode empties, checked against the snapshot; null in other modes. */
    public static String evacuatingHostId(PoolSnapshot snapshot, Mode mode) {
        if (mode instanceof Mode.Evacuate evacuate) {
            return snapshot.host(evacuate.hostId()).id();
        }
        return null;
    }

    private static String unavailableReason(HostSpec spec, String evacuating) {
        if (!spec.enabled()) {
            return "disabled";
        }
        if (spec.maintenance()) {
            return "in maintenance";
        }
        if (spec.id().equals(evacuating)) {
            return "being evacuated";
        }
        return null;
    }

    /** Soft weights per mode: consolidate trades balance for empty hosts; the others balance. */
    static ConstraintWeightOverrides<HardMediumSoftLongScore> weights(Weights weights, Mode mode) {
        boolean consolidate = mode instanceof Mode.Consolidate;
        Map<String, HardMediumSoftLongScore> overrides = new LinkedHashMap<>();
        overrides.put(PlacementConstraints.CPU_BALANCE, soft(consolidate ? 0 : weights.cpuBalance()));
        overrides.put(PlacementConstraints.MEMORY_BALANCE, soft(consolidate ? 0 : weights.memoryBalance()));
        overrides.put(PlacementConstraints.CPU_PEAK, soft(consolidate ? 0 : weights.cpuPeak()));
        overrides.put(PlacementConstraints.MIGRATION_COST, soft(weights.migrationPerMiB()));
        overrides.put(PlacementConstraints.MIGRATION_COUNT, soft(weights.minGainPerMigration()));
        overrides.put(PlacementConstraints.MIGRATION_COOLDOWN, soft(weights.cooldownPenalty()));
        overrides.put(PlacementConstraints.HOSTS_IN_USE, soft(consolidate ? weights.hostInUse() : 0));
        return ConstraintWeightOverrides.of(overrides);
    }

    private static HardMediumSoftLongScore soft(long weight) {
        return HardMediumSoftLongScore.ofSoft(weight);
    }
}
