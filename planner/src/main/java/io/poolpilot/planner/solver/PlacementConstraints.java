package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.common.LoadBalance;
import io.poolpilot.planner.solver.PlacementJustification.AffinitySplit;
import io.poolpilot.planner.solver.PlacementJustification.AntiAffinityConflict;
import io.poolpilot.planner.solver.PlacementJustification.BudgetExceeded;
import io.poolpilot.planner.solver.PlacementJustification.CpuOverThreshold;
import io.poolpilot.planner.solver.PlacementJustification.CpuPeak;
import io.poolpilot.planner.solver.PlacementJustification.HostInUse;
import io.poolpilot.planner.solver.PlacementJustification.Imbalance;
import io.poolpilot.planner.solver.PlacementJustification.MemoryOverCapacity;
import io.poolpilot.planner.solver.PlacementJustification.Migration;
import io.poolpilot.planner.solver.PlacementJustification.PinnedVmMoved;
import io.poolpilot.planner.solver.PlacementJustification.VcpuOvercommit;
import io.poolpilot.planner.solver.PlacementJustification.VmOnUnavailableHost;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongBiFunction;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.countBi;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.loadBalance;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.max;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sum;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.toSet;

/**
 * PoolPilot's placement rules, one method per rule. Hard: what makes a placement impossible or
 * forbidden. Medium: CPU demand over a host's threshold. Soft: balance against the cost of moving.
 * Every penalty grows with the amount by which a rule is broken, so the solver has a gradient.
 */
public class PlacementConstraints implements ConstraintProvider {

    public static final String HOST_MEMORY_CAPACITY = "hostMemoryCapacity";
    public static final String UNAVAILABLE_HOST = "unavailableHost";
    public static final String PINNED_VM_STAYS = "pinnedVmStays";
    public static final String ANTI_AFFINITY_GROUP = "antiAffinityGroup";
    public static final String AFFINITY_GROUP = "affinityGroup";
    public static final String VCPU_OVERCOMMIT = "vcpuOvercommit";
    public static final String MIGRATION_BUDGET = "migrationBudget";
    public static final String MOVED_MEMORY_BUDGET = "movedMemoryBudget";
    public static final String CPU_THRESHOLD_KEPT = "cpuThresholdKept";
    public static final String MEMORY_THRESHOLD_KEPT = "memoryThresholdKept";
    public static final String CPU_EVACUATION_ALLOWANCE = "cpuEvacuationAllowance";
    public static final String MEMORY_EVACUATION_ALLOWANCE = "memoryEvacuationAllowance";
    public static final String CPU_THRESHOLD = "cpuThreshold";
    public static final String CPU_BALANCE = "cpuBalance";
    public static final String MEMORY_BALANCE = "memoryBalance";
    public static final String CPU_PEAK = "cpuPeak";
    public static final String MIGRATION_COST = "migrationCost";
    public static final String MIGRATION_COUNT = "migrationCount";
    public static final String MIGRATION_COOLDOWN = "migrationCooldown";
    public static final String HOSTS_IN_USE = "hostsInUse";

    /** Hard constraint names, in the order an operator reads them. */
    public static final List<String> HARD = List.of(HOST_MEMORY_CAPACITY, UNAVAILABLE_HOST, PINNED_VM_STAYS,
            ANTI_AFFINITY_GROUP, AFFINITY_GROUP, VCPU_OVERCOMMIT, MIGRATION_BUDGET, MOVED_MEMORY_BUDGET,
            CPU_THRESHOLD_KEPT, MEMORY_THRESHOLD_KEPT, CPU_EVACUATION_ALLOWANCE, MEMORY_EVACUATION_ALLOWANCE);

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                hostMemoryCapacity(factory),
                unavailableHost(factory),
                pinnedVmStays(factory),
                antiAffinityGroup(factory),
                affinityGroup(factory),
                vcpuOvercommit(factory),
                migrationBudget(factory),
                movedMemoryBudget(factory),
                cpuThresholdKept(factory),
                memoryThresholdKept(factory),
                cpuEvacuationAllowance(factory),
                memoryEvacuationAllowance(factory),
                cpuThreshold(factory),
                cpuBalance(factory),
                memoryBalance(factory),
                cpuPeak(factory),
                migrationCost(factory),
                migrationCount(factory),
                migrationCooldown(factory),
                hostsInUse(factory)
        };
    }

    // ---- hard

    /** A host's VMs must fit in its usable memory; penalised by the MiB over. */
    Constraint hostMemoryCapacity(ConstraintFactory factory) {
        return HostTotals.memory(factory)
                .filter((host, used) -> used > host.getMemoryCapacityBytes())
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (host, used) -> Units.ceilMebibytes(used - host.getMemoryCapacityBytes()))
                .justifyWith((host, used, score) ->
                        new MemoryOverCapacity(host.getId(), used, host.getMemoryCapacityBytes()))
                .asConstraint(HOST_MEMORY_CAPACITY);
    }

    /** No VM on a disabled, maintenance or evacuated host; penalised by the VM's MiB. */
    Constraint unavailableHost(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> !vm.getHost().isAvailable())
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, PlanningVm::getMemoryMebibytes)
                .justifyWith((vm, score) -> new VmOnUnavailableHost(vm.getId(), vm.getHost().getId(),
                        vm.getHost().getUnavailableReason()))
                .asConstraint(UNAVAILABLE_HOST);
    }

    /**
     * Pinned VMs stay where they are. The solver never moves them ({@code @PlanningPin}); this rule
     * still scores a placement that does, so a hand-made placement cannot sneak one through.
     */
    Constraint pinnedVmStays(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> vm.isPinned() && vm.isMoved())
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD, PlanningVm::getMemoryMebibytes)
                .justifyWith((vm, score) -> new PinnedVmMoved(vm.getId(), vm.getOriginalHost().getId(),
                        vm.getHost().getId()))
                .asConstraint(PINNED_VM_STAYS);
    }

    /** Members of an anti-affinity group on different hosts; penalised per extra member on a host. */
    Constraint antiAffinityGroup(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> !vm.getAntiAffinityGroups().isEmpty())
                .map(vm -> vm, PlanningVm::getAntiAffinityGroups)
                .flattenLast(groups -> groups)
                .groupBy((vm, group) -> vm.getHost(), (vm, group) -> group, countBi())
                .filter((host, group, members) -> members > 1)
                .penalize(HardMediumSoftLongScore.ONE_HARD, (host, group, members) -> members - 1)
                .justifyWith((host, group, members, score) -> new AntiAffinityConflict(group, host.getId(), members))
                .asConstraint(ANTI_AFFINITY_GROUP);
    }

    /** Members of an affinity group on one host; penalised per extra host the group is spread over. */
    Constraint affinityGroup(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> !vm.getAffinityGroups().isEmpty())
                .map(vm -> vm, PlanningVm::getAffinityGroups)
                .flattenLast(groups -> groups)
                .groupBy((vm, group) -> group, toSet((vm, group) -> vm.getHost()))
                .filter((group, hosts) -> hosts.size() > 1)
                .penalize(HardMediumSoftLongScore.ONE_HARD, (group, hosts) -> hosts.size() - 1)
                .justifyWith((group, hosts, score) -> new AffinitySplit(group, hostIds(hosts)))
                .asConstraint(AFFINITY_GROUP);
    }

    /** vCPUs on a host at most cores x overcommit ratio; penalised by the vCPUs over. */
    Constraint vcpuOvercommit(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .groupBy(PlanningVm::getHost, sum(PlanningVm::getVcpus))
                .filter((host, vcpus) -> vcpus > host.getMaxVcpus())
                .penalize(HardMediumSoftLongScore.ONE_HARD, (host, vcpus) -> vcpus - host.getMaxVcpus())
                .justifyWith((host, vcpus, score) -> new VcpuOvercommit(host.getId(), vcpus, host.getMaxVcpus()))
                .asConstraint(VCPU_OVERCOMMIT);
    }

    /** At most the budgeted number of migrations; penalised per migration over. */
    Constraint migrationBudget(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(PlanningVm::isMoved)
                .groupBy(count())
                .join(MoveBudget.class)
                .filter((moved, budget) -> moved > budget.maxMigrations())
                .penalize(HardMediumSoftLongScore.ONE_HARD, (moved, budget) -> moved - budget.maxMigrations())
                .justifyWith((moved, budget, score) ->
                        new BudgetExceeded("migrations", moved, budget.maxMigrations()))
                .asConstraint(MIGRATION_BUDGET);
    }

    /** At most the budgeted memory moved; penalised by the MiB over. */
    Constraint movedMemoryBudget(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(PlanningVm::isMoved)
                .groupBy(sumLong(PlanningVm::getMemoryBytes))
                .join(MoveBudget.class)
                .filter((movedBytes, budget) -> movedBytes > budget.maxMovedBytes())
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (movedBytes, budget) -> Units.ceilMebibytes(movedBytes - budget.maxMovedBytes()))
                .justifyWith((movedBytes, budget, score) ->
                        new BudgetExceeded("moved bytes", movedBytes, budget.maxMovedBytes()))
                .asConstraint(MOVED_MEMORY_BUDGET);
    }

    /** No host pushed over the CPU threshold it was under (see {@link ThresholdConstraints}). */
    Constraint cpuThresholdKept(ConstraintFactory factory) {
        return ThresholdConstraints.cpuThresholdKept(factory);
    }

    /** No host pushed over the memory threshold it was under (see {@link ThresholdConstraints}). */
    Constraint memoryThresholdKept(ConstraintFactory factory) {
        return ThresholdConstraints.memoryThresholdKept(factory);
    }

    /** What VMs leaving an unavailable host bring is allowed over the threshold (see {@link ThresholdConstraints}). */
    Constraint cpuEvacuationAllowance(ConstraintFactory factory) {
        return ThresholdConstraints.cpuEvacuationAllowance(factory);
    }

    /** The same for memory. */
    Constraint memoryEvacuationAllowance(ConstraintFactory factory) {
        return ThresholdConstraints.memoryEvacuationAllowance(factory);
    }

    // ---- medium

    /** CPU demand above the host's threshold; penalised by the millicores over. */
    Constraint cpuThreshold(ConstraintFactory factory) {
        return HostTotals.cpu(factory)
                .filter((host, demand) -> demand > host.getCpuThresholdMillis())
                .penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM,
                        (host, demand) -> demand - host.getCpuThresholdMillis())
                .justifyWith((host, demand, score) ->
                        new CpuOverThreshold(host.getId(), demand, host.getCpuThresholdMillis()))
                .asConstraint(CPU_THRESHOLD);
    }

    // ---- soft

    /**
     * CPU utilisation equal across the hosts that accept VMs, empty ones included; penalised by hosts x
     * std dev of utilisation (ppm), from the loadBalance unfairness (see {@link #imbalancePenalty}).
     */
    Constraint cpuBalance(ConstraintFactory factory) {
        return balance(factory, "cpu", HostTotals::cpu,
                (host, demand) -> demand * Units.UTILISATION_SCALE / host.getCpuCapacityMillis(), CPU_BALANCE);
    }

    /** Memory utilisation equal across the hosts that accept VMs, as {@link #cpuBalance}. */
    Constraint memoryBalance(ConstraintFactory factory) {
        return balance(factory, "memory", HostTotals::memory,
                (host, used) -> Math.round((double) used * Units.UTILISATION_SCALE / host.getMemoryCapacityBytes()),
                MEMORY_BALANCE);
    }

    private Constraint balance(ConstraintFactory factory, String resource,
                               java.util.function.Function<ConstraintFactory, BiConstraintStream<PlanningHost, Long>> totals,
                               ToLongBiFunction<PlanningHost, Long> utilisationPpm, String name) {
        return totals.apply(factory)
                // Hosts with no VMs count too: an empty host is the most under-used of all.
                .complement(PlanningHost.class, host -> 0L)
                .filter((host, total) -> host.isAvailable())
                .groupBy(loadBalance((host, total) -> host, utilisationPpm::applyAsLong))
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, PlacementConstraints::imbalancePenalty)
                .justifyWith((balance, score) -> new Imbalance(resource, unfairness(balance), balance.loads().size()))
                .asConstraint(name);
    }

    private static long unfairness(LoadBalance<PlanningHost> balance) {
        return balance.unfairness().longValue();
    }

    /**
     * Hosts x std dev of utilisation (ppm): the loadBalance unfairness times sqrt(hosts). What one
     * migration gains on this scale is about 2 x u x z x 10^6 for utilisation u moved between hosts z
     * std devs either side of the mean, whatever the pool size, so one minimum gain per migration suits a
     * pool of 4 hosts and one of 64. (The squared unfairness, tried first, values moves near hot spots so
     * highly that the memory cost no longer steers the choice of VM: twice the GiB for the same balance.)
     */
    static long imbalancePenalty(LoadBalance<PlanningHost> balance) {
        return Math.round(balance.unfairness().doubleValue() * Math.sqrt(balance.loads().size()));
    }

    /**
     * The busiest host's CPU utilisation (ppm), over hosts that accept VMs. Balance alone lets the
     * hottest host sit anywhere under the threshold when the budget is tight; this keeps it as low as
     * the budget allows.
     */
    Constraint cpuPeak(ConstraintFactory factory) {
        return HostTotals.cpu(factory)
                .filter((host, demand) -> host.isAvailable())
                .groupBy(max((host, demand) -> new CpuPeak(host.getId(),
                                demand * Units.UTILISATION_SCALE / host.getCpuCapacityMillis()),
                        Comparator.comparingLong(CpuPeak::utilisationPpm).thenComparing(CpuPeak::hostId)))
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, CpuPeak::utilisationPpm)
                .justifyWith((peak, score) -> peak)
                .asConstraint(CPU_PEAK);
    }

    /** Moving costs in proportion to the memory copied; penalised by MiB. */
    Constraint migrationCost(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(PlanningVm::isMoved)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, PlanningVm::getMemoryMebibytes)
                .justifyWith((vm, score) -> migration(vm))
                .asConstraint(MIGRATION_COST);
    }

    /** Every migration costs a fixed amount: the minimum gain a move must bring (no churn). */
    Constraint migrationCount(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(PlanningVm::isMoved)
                .penalize(HardMediumSoftLongScore.ONE_SOFT)
                .justifyWith((vm, score) -> migration(vm))
                .asConstraint(MIGRATION_COUNT);
    }

    /** Moving a VM that migrated within the cooldown costs extra (no ping-pong). */
    Constraint migrationCooldown(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class)
                .filter(vm -> vm.isMoved() && vm.isInCooldown())
                .penalize(HardMediumSoftLongScore.ONE_SOFT)
                .justifyWith((vm, score) -> migration(vm))
                .asConstraint(MIGRATION_COOLDOWN);
    }

    /**
     * Consolidate mode: each host in use costs a fixed amount plus a concave function of its memory
     * utilisation, so moving load from an emptier host to a fuller one always scores better.
     */
    Constraint hostsInUse(ConstraintFactory factory) {
        return HostTotals.memory(factory)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, PlacementConstraints::hostInUseCost)
                .justifyWith((host, used, score) -> new HostInUse(host.getId(), used, host.getMemoryCapacityBytes()))
                .asConstraint(HOSTS_IN_USE);
    }

    /** 1,000,000 per host in use plus up to 1,000,000 more as sqrt(memory utilisation). */
    static long hostInUseCost(PlanningHost host, long usedBytes) {
        double utilisation = Math.min(1.0, (double) usedBytes / host.getMemoryCapacityBytes());
        return 1_000_000L + Math.round(1_000_000L * Math.sqrt(utilisation));
    }

    private static Migration migration(PlanningVm vm) {
        return new Migration(vm.getId(), vm.getOriginalHost().getId(), vm.getHost().getId(), vm.getMemoryBytes());
    }

    private static List<String> hostIds(Set<PlanningHost> hosts) {
        return hosts.stream().map(PlanningHost::getId).sorted().toList();
    }
}
