package io.poolpilot.planner.solver;

import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;

import java.util.function.Function;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;

/**
 * The per-host totals most rules start from (CPU demand, memory), built from the same function and
 * collector instances every time, so that Bavet shares one grouping node between the constraints that use
 * them instead of keeping one per constraint (it shares streams that are equal, and lambdas are equal only
 * when they are the same instance). Every move updates each of these groupings, so sharing them is most of
 * the score calculation's cost.
 */
final class HostTotals {

    private static final Function<PlanningVm, PlanningHost> HOST = PlanningVm::getHost;
    private static final UniConstraintCollector<PlanningVm, ?, Long> CPU_MILLIS = sumLong(PlanningVm::getCpuDemandMillis);
    private static final UniConstraintCollector<PlanningVm, ?, Long> MEMORY_BYTES = sumLong(PlanningVm::getMemoryBytes);

    private HostTotals() {
    }

    /** Every host with VMs and the millicores of CPU demand they have there. */
    static BiConstraintStream<PlanningHost, Long> cpu(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class).groupBy(HOST, CPU_MILLIS);
    }

    /** Every host with VMs and the bytes of memory they use there. */
    static BiConstraintStream<PlanningHost, Long> memory(ConstraintFactory factory) {
        return factory.forEach(PlanningVm.class).groupBy(HOST, MEMORY_BYTES);
    }
}
