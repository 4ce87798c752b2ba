package io.poolpilot.planner.solver;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import io.poolpilot.planner.Names;
import io.poolpilot.planner.solver.PlacementJustification.EvacuationAllowance;
import io.poolpilot.planner.solver.PlacementJustification.PushedOverThreshold;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hard rule that no host is pushed over a threshold it was under: penalties and justifications. */
class ThresholdConstraintsTest {

    private static final long GIB = 1L << 30;

    private final ConstraintVerifier<PlacementConstraints, PlacementSolution> verifier =
            ConstraintVerifier.build(new PlacementConstraints(), PlacementSolution.class, PlanningVm.class);

    /** 10 cores, CPU threshold 8 cores, 64 GiB usable, memory threshold 48 GiB; what ran there before the plan. */
    private static PlanningHost host(String id, long cpuBeforeMillis, long memoryBeforeGiB) {
        return new PlanningHost(id, 10_000, 8_000, 64 * GIB, 48 * GIB, 40, null, cpuBeforeMillis,
                memoryBeforeGiB * GIB);
    }

    private static PlanningHost maintenance(String id, long cpuBeforeMillis, long memoryBeforeGiB) {
        return new PlanningHost(id, 10_000, 8_000, 64 * GIB, 48 * GIB, 40, "in maintenance", cpuBeforeMillis,
                memoryBeforeGiB * GIB);
    }

    private static PlanningVm vm(String id, long memoryGiB, long cpuMillis, PlanningHost on) {
        return new PlanningVm(id, memoryGiB * GIB, 2, cpuMillis, on);
    }

    private static PlanningVm moved(PlanningVm vm, PlanningHost to) {
        vm.setHost(to);
        return vm;
    }

    @Test
    void cpuThresholdKeptPenalisesTheMillicoresAHostUnderItIsPushedOver() {
        PlanningHost hot = host("hot", 9_000, 8);
        PlanningHost cool = host("cool", 7_000, 8);
        // Moving 3 cores from the hot host takes the cool one from 7.0 to 10.0 cores, 2.0 over its 8.0.
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept)
                .given(hot, cool, moved(vm("a", 4, 3_000, hot), cool), vm("b", 4, 6_000, hot), vm("c", 8, 7_000, cool))
                .justifiesWith(new PushedOverThreshold("cpu", "cool", 7_000, 10_000, 8_000))
                .penalizesBy(2_000);
    }

    @Test
    void cpuThresholdKeptGivesAHostAlreadyOverItNothingMoreThanItHad() {
        PlanningHost hot = host("hot", 9_000, 8);
        PlanningHost other = host("other", 8_500, 8);
        // hot was at 9.0 cores (over 8.0): 0.5 core more is 0.5 over what it may have; other is relieved.
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept)
                .given(hot, other, moved(vm("a", 4, 500, other), hot), vm("b", 4, 9_000, hot), vm("c", 4, 8_000, other))
                .justifiesWith(new PushedOverThreshold("cpu", "hot", 9_000, 9_500, 8_000))
                .penalizesBy(500);
    }

    @Test
    void cpuThresholdKeptLetsAHostAlreadyOverItSwapForLess() {
        PlanningHost hot = host("hot", 9_000, 8);
        PlanningHost other = host("other", 5_000, 8);
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept)
                .given(hot, other, moved(vm("small", 4, 1_000, other), hot), moved(vm("big", 4, 2_000, hot), other),
                        vm("b", 4, 7_000, hot), vm("c", 4, 4_000, other))
                .penalizes(0);
    }

    @Test
    void cpuThresholdKeptAcceptsAHostFilledUpToItsThreshold() {
        PlanningHost hot = host("hot", 9_000, 8);
        PlanningHost cool = host("cool", 5_000, 8);
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept)
                .given(hot, cool, moved(vm("a", 4, 3_000, hot), cool), vm("b", 4, 6_000, hot), vm("c", 4, 5_000, cool))
                .penalizes(0);
    }

    @Test
    void anEvacuationRaisesTheCpuAllowanceButNothingMayBeAddedOnTop() {
        PlanningHost down = maintenance("down", 4_000, 8);
        PlanningHost cool = host("cool", 7_000, 8);
        PlanningHost other = host("other", 1_000, 8);
        // The evacuee brings 4 cores: cool may hold 7 + 4 = 11 cores. A balance move of 0.5 core on top
        // goes 0.5 over: 3.5 over the threshold, of which the evacuation allows 3.0.
        Object[] facts = {down, cool, other, moved(vm("evacuee", 4, 4_000, down), cool), vm("c", 4, 7_000, cool),
                moved(vm("extra", 1, 500, other), cool), vm("o", 1, 500, other)};
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept).given(facts)
                .justifiesWith(new PushedOverThreshold("cpu", "cool", 7_000, 11_500, 8_000))
                .penalizesBy(3_500);
        verifier.verifyThat(PlacementConstraints::cpuEvacuationAllowance).given(facts)
                .justifiesWith(new EvacuationAllowance("cpu", "cool", 4_000))
                .rewardsWith(3_000);
    }

    @Test
    void anEvacuationWithNoRoomUnderTheThresholdIsAllowedInFull() {
        PlanningHost down = maintenance("down", 4_000, 8);
        PlanningHost cool = host("cool", 7_000, 8);
        Object[] facts = {down, cool, moved(vm("evacuee", 4, 4_000, down), cool), vm("c", 4, 7_000, cool)};
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept).given(facts).penalizesBy(3_000);
        verifier.verifyThat(PlacementConstraints::cpuEvacuationAllowance).given(facts).rewardsWith(3_000);
    }

    @Test
    void aVmThatStaysOnItsUnavailableHostEarnsNoAllowance() {
        PlanningHost down = maintenance("down", 4_000, 8);
        PlanningHost cool = host("cool", 7_000, 8);
        PlanningHost warm = host("warm", 1_500, 8);
        Object[] facts = {down, cool, warm, vm("stays", 4, 4_000, down), vm("d", 4, 7_000, cool),
                moved(vm("x", 4, 1_500, warm), cool)};
        verifier.verifyThat(PlacementConstraints::cpuThresholdKept).given(facts).penalizesBy(500);
        verifier.verifyThat(PlacementConstraints::cpuEvacuationAllowance).given(facts).rewards(0);
    }

    @Test
    void memoryThresholdKeptPenalisesTheMebibytesAHostUnderItIsPushedOver() {
        PlanningHost full = host("full", 0, 60);
        PlanningHost roomy = host("roomy", 0, 40);
        verifier.verifyThat(PlacementConstraints::memoryThresholdKept)
                .given(full, roomy, moved(vm("a", 10, 0, full), roomy), vm("b", 50, 0, full), vm("c", 40, 0, roomy))
                .justifiesWith(new PushedOverThreshold("memory", "roomy", 40 * GIB, 50 * GIB, 48 * GIB))
                .penalizesBy(2 * 1024);
    }

    @Test
    void memoryThresholdKeptLetsAnEvacuationRaiseTheAllowance() {
        PlanningHost down = maintenance("down", 0, 10);
        PlanningHost roomy = host("roomy", 0, 40);
        Object[] facts = {down, roomy, moved(vm("evacuee", 10, 0, down), roomy), vm("c", 40, 0, roomy)};
        verifier.verifyThat(PlacementConstraints::memoryThresholdKept).given(facts).penalizesBy(2 * 1024);
        verifier.verifyThat(PlacementConstraints::memoryEvacuationAllowance).given(facts)
                .justifiesWith(new EvacuationAllowance("memory", "roomy", 10 * GIB))
                .rewardsWith(2 * 1024);
    }

    @Test
    void pushedOverThresholdNamesTheHostAndItsFigures() {
        Names names = new Names(Map.of("277c9dbc", "east-03"));
        assertThat(new PushedOverThreshold("cpu", "277c9dbc", 6_000, 8_048, 6_400).describe(names))
                .isEqualTo("host east-03 (277c9dbc) would go over its cpu threshold 6.40 cores: 6.00 cores"
                        + " before the plan, 8.05 cores after");
        assertThat(new PushedOverThreshold("cpu", "h1", 9_000, 9_500, 8_000).describe())
                .isEqualTo("host h1 is over its cpu threshold 8.00 cores already (9.00 cores before the plan) and"
                        + " would get more: 9.50 cores after");
        assertThat(new PushedOverThreshold("memory", "h1", 40 * GIB, 50 * GIB, 48 * GIB).describe())
                .isEqualTo("host h1 would go over its memory threshold 48.0 GiB: 40.0 GiB before the plan,"
                        + " 50.0 GiB after");
    }
}
