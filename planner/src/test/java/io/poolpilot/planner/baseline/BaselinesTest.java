package io.poolpilot.planner.baseline;

import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.ScenarioGenerator;
import io.poolpilot.planner.placement.PoolState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BaselinesTest {

    private final PoolSnapshot pool = ScenarioGenerator.generate(8, 100, 1);

    @Test
    void greedyBalancerBringsEveryHostUnderTheThresholdWhenItCan() {
        PoolState start = new PoolState(pool, null);
        BaselineResult result = new GreedyThresholdBalancer().balance(pool);

        assertThat(start.peakCpuUtilisation()).isGreaterThan(0.8);
        assertThat(result.finalState().peakCpuUtilisation()).isLessThanOrEqualTo(0.8);
        assertThat(result.finalState().withinCapacity()).isTrue();
        assertThat(result.migrations()).isPositive();
    }

    @Test
    void hillClimberLowersTheSpreadAndStopsWhenGainsRunOut() {
        PoolState start = new PoolState(pool, null);
        BaselineResult result = new HillClimbBalancer(0.0005, 10_000).balance(pool);

        assertThat(result.finalState().cpuUtilisationStdDev()).isLessThan(start.cpuUtilisationStdDev() / 4);
        assertThat(result.finalState().withinCapacity()).isTrue();
        assertThat(result.migrations()).isLessThan(pool.vms().size());
    }

    @Test
    void baselinesNeverMovePinnedOrAffinityGroupedVms() {
        for (BaselineResult result : new BaselineResult[] {
                new GreedyThresholdBalancer().balance(pool), new HillClimbBalancer(0.0005, 10_000).balance(pool)}) {
            PoolState end = result.finalState();
            for (int v = 0; v < end.vmCount(); v++) {
                if (end.vm(v).pinned() || !end.vm(v).affinityGroups().isEmpty()) {
                    assertThat(end.host(end.hostOf(v)).id()).isEqualTo(end.vm(v).currentHostId());
                }
            }
        }
    }
}
