package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.Joiners;
import io.poolpilot.planner.solver.PlacementJustification.EvacuationAllowance;
import io.poolpilot.planner.solver.PlacementJustification.PushedOverThreshold;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;

/**
 * The hard rule that a plan never pushes a host over the pool's CPU or memory threshold, whatever the
 * budget: a host at or under it before stays at or under it, and a host already over it gets no more
 * than it had (it may only be relieved). A host may hold {@code max(threshold, before)}.
 *
 * <p>Only an evacuation may go further: VMs leaving an unavailable host have to go somewhere, so what they
 * bring raises the host's allowance to {@code max(threshold, before + evacuees)} (the medium
 * {@code cpuThreshold} rule still sends them where there is room first). The rule is scored in two parts
 * so that the common case costs nothing extra: {@code *ThresholdKept} penalises what a host holds over
 * {@code max(threshold, before)} from the per-host totals other rules share ({@link HostTotals}), and
 * {@code *EvacuationAllowance}, which only sees hosts that evacuated VMs moved to, gives back the part of
 * that penalty the evacuees are allowed. Together: what a host holds over its allowance.
 */
final class ThresholdConstraints {

    private ThresholdConstraints() {
    }

    /** A host's CPU demand at most {@code max(threshold, before)}; penalised by the millicores over. */
    static Constraint cpuThresholdKept(ConstraintFactory factory) {
        return HostTotals.cpu(factory)
                .filter((host, demand) -> host.isAvailable() && demand > cpuLimit(host, 0))
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, (host, demand) -> demand - cpuLimit(host, 0))
                .justifyWith((host, demand, score) -> new PushedOverThreshold("cpu", host.getId(),
                        host.getOriginalCpuDemandMillis(), demand, host.getCpuThresholdMillis()))
                .asConstraint(PlacementConstraints.CPU_THRESHOLD_KEPT);
    }

    /** A host's memory at most {@code max(threshold, before)}; penalised by the MiB over. */
    static Constraint memoryThresholdKept(ConstraintFactory factory) {
        return HostTotals.memory(factory)
                .filter((host, used) -> host.isAvailable() && used > memoryLimit(host, 0))
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (host, used) -> Units.ceilMebibytes(used - memoryLimit(host, 0)))
                .justifyWith((host, used, score) -> new PushedOverThreshold("memory", host.getId(),
                        host.getOriginalMemoryBytes(), used, host.getMemoryThresholdBytes()))
                .asConstraint(PlacementConstraints.MEMORY_THRESHOLD_KEPT);
    }

    /** Gives back the millicores of {@link #cpuThresholdKept} that VMs evacuated onto a host are allowed. */
    static Constraint cpuEvacuationAllowance(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(ThresholdConstraints::evacuee)
                .groupBy(PlanningVm::getHost, sumLong(PlanningVm::getCpuDemandMillis))
                .filter((host, evacuees) -> host.isAvailable())
                .join(PlanningVm.class, Joiners.equal((host, evacuees) -> host, PlanningVm::getHost))
                .groupBy((host, evacuees, vm) -> host, (host, evacuees, vm) -> evacuees,
                        sumLong((host, evacuees, vm) -> vm.getCpuDemandMillis()))
                .filter((host, evacuees, demand) -> allowed(demand, cpuLimit(host, 0), cpuLimit(host, evacuees)) > 0)
                .rewardLong(HardMediumSoftLongScore.ONE_HARD, (host, evacuees, demand) ->
                        allowed(demand, cpuLimit(host, 0), cpuLimit(host, evacuees)))
                .justifyWith((host, evacuees, demand, score) -> new EvacuationAllowance("cpu", host.getId(), evacuees))
                .asConstraint(PlacementConstraints.CPU_EVACUATION_ALLOWANCE);
    }

    /** Gives back the MiB of {@link #memoryThresholdKept} that VMs evacuated onto a host are allowed. */
    static Constraint memoryEvacuationAllowance(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(ThresholdConstraints::evacuee)
                .groupBy(PlanningVm::getHost, sumLong(PlanningVm::getMemoryBytes))
                .filter((host, evacuees) -> host.isAvailable())
                .join(PlanningVm.class, Joiners.equal((host, evacuees) -> host, PlanningVm::getHost))
                .groupBy((host, evacuees, vm) -> host, (host, evacuees, vm) -> evacuees,
                        sumLong((host, evacuees, vm) -> vm.getMemoryBytes()))
                .filter((host, evacuees, used) -> allowedMebibytes(used, host, evacuees) > 0)
                .rewardLong(HardMediumSoftLongScore.ONE_HARD, (host, evacuees, used) -> allowedMebibytes(used, host, evacuees))
                .justifyWith((host, evacuees, used, score) -> new EvacuationAllowance("memory", host.getId(), evacuees))
                .asConstraint(PlacementConstraints.MEMORY_EVACUATION_ALLOWANCE);
    }

    /** A VM that had to leave its original host (disabled, in maintenance, being evacuated) and did. */
    static boolean evacuee(PlanningVm vm) {
        return !vm.getOriginalHost().isAvailable() && vm.getHost() != vm.getOriginalHost();
    }

    /** What a host may hold: the threshold, or what it held before the plan plus its evacuees if more. */
    static long cpuLimit(PlanningHost host, long evacueeMillis) {
        return Math.max(host.getCpuThresholdMillis(), host.getOriginalCpuDemandMillis() + evacueeMillis);
    }

    static long memoryLimit(PlanningHost host, long evacueeBytes) {
        return Math.max(host.getMemoryThresholdBytes(), host.getOriginalMemoryBytes() + evacueeBytes);
    }

    /** The part of the penalty over {@code limit} that lies under {@code allowance}. */
    private static long allowed(long amount, long limit, long allowance) {
        return Math.max(0, amount - limit) - Math.max(0, amount - allowance);
    }

    private static long allowedMebibytes(long used, PlanningHost host, long evacuees) {
        return Units.ceilMebibytes(Math.max(0, used - memoryLimit(host, 0)))
                - Units.ceilMebibytes(Math.max(0, used - memoryLimit(host, evacuees)));
    }
}
