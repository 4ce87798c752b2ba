package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import io.poolpilot.planner.solver.PlacementJustification.PushedOverThreshold;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;

/**
 * The hard rule that a plan never pushes a host over the pool's CPU or memory threshold, whatever the
 * budget: a host at or under it before stays at or under it, and a host already over it gets no more
 * than it had (it may only be relieved). Only an evacuation may: VMs leaving an unavailable host have to
 * go somewhere, so what they bring to a host raises that host's allowance (the medium {@code cpuThreshold}
 * rule still sends them where there is room first). A host's allowance is
 * {@code max(threshold, before + arriving evacuees)}: nothing else may be added on top.
 */
final class ThresholdConstraints {

    private ThresholdConstraints() {
    }

    /** A host's CPU demand stays within its allowance; penalised by the millicores over it. */
    static Constraint cpuThresholdKept(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> vm.getHost().isAvailable())
                .groupBy(PlanningVm::getHost, sumLong(PlanningVm::getCpuDemandMillis),
                        sumLong(vm -> evacuee(vm) ? vm.getCpuDemandMillis() : 0L))
                .filter((host, demand, evacuees) -> demand > cpuAllowance(host, evacuees))
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (host, demand, evacuees) -> demand - cpuAllowance(host, evacuees))
                .justifyWith((host, demand, evacuees, score) -> new PushedOverThreshold("cpu", host.getId(),
                        host.getOriginalCpuDemandMillis(), demand, host.getCpuThresholdMillis()))
                .asConstraint(PlacementConstraints.CPU_THRESHOLD_KEPT);
    }

    /** A host's memory stays within its allowance; penalised by the MiB over it. */
    static Constraint memoryThresholdKept(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> vm.getHost().isAvailable())
                .groupBy(PlanningVm::getHost, sumLong(PlanningVm::getMemoryBytes),
                        sumLong(vm -> evacuee(vm) ? vm.getMemoryBytes() : 0L))
                .filter((host, used, evacuees) -> used > memoryAllowance(host, evacuees))
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (host, used, evacuees) -> Units.ceilMebibytes(used - memoryAllowance(host, evacuees)))
                .justifyWith((host, used, evacuees, score) -> new PushedOverThreshold("memory", host.getId(),
                        host.getOriginalMemoryBytes(), used, host.getMemoryThresholdBytes()))
                .asConstraint(PlacementConstraints.MEMORY_THRESHOLD_KEPT);
    }

    /** A VM that must leave its original host (disabled, in maintenance, being evacuated) and has moved. */
    static boolean evacuee(PlanningVm vm) {
        return !vm.getOriginalHost().isAvailable() && vm.getHost() != vm.getOriginalHost();
    }

    static long cpuAllowance(PlanningHost host, long evacueeMillis) {
        return Math.max(host.getCpuThresholdMillis(), host.getOriginalCpuDemandMillis() + evacueeMillis);
    }

    static long memoryAllowance(PlanningHost host, long evacueeBytes) {
        return Math.max(host.getMemoryThresholdBytes(), host.getOriginalMemoryBytes() + evacueeBytes);
    }
}
