package io.poolpilot.planner.solver;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every constraint: its penalty and its justification, with ConstraintVerifier. */
class PlacementConstraintsTest {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final ConstraintVerifier<PlacementConstraints, PlacementSolution> verifier =
            ConstraintVerifier.build(new PlacementConstraints(), PlacementSolution.class, PlanningVm.class);

    /** 10 cores capacity, threshold 8 cores, 64 GiB usable, 40 vCPUs max. */
    private static PlanningHost host(String id) {
        return new PlanningHost(id, 10_000, 8_000, 64 * GIB, 40, null);
    }

    private static PlanningHost unavailable(String id, String reason) {
        return new PlanningHost(id, 10_000, 8_000, 64 * GIB, 40, reason);
    }

    private static PlanningVm vm(String id, long memoryGiB, int vcpus, long cpuMillis, PlanningHost on) {
        return new PlanningVm(id, memoryGiB * GIB, vcpus, cpuMillis, on);
    }

    private static PlanningVm grouped(String id, PlanningHost on, List<String> affinity, List<String> anti) {
        return new PlanningVm(id, 4 * GIB, 2, 1_000, on, false, false, affinity, anti);
    }

    private static PlanningVm moved(PlanningVm vm, PlanningHost to) {
        vm.setHost(to);
        return vm;
    }

    @Nested
    class Hard {

        @Test
        void hostMemoryCapacityPenalisesTheMebibytesOverUsableMemory() {
            PlanningHost h1 = host("h1");
            verifier.verifyThat(PlacementConstraints::hostMemoryCapacity)
                    .given(h1, vm("a", 40, 2, 0, h1), vm("b", 30, 2, 0, h1))
                    .justifiesWith(new MemoryOverCapacity("h1", 70 * GIB, 64 * GIB))
                    .penalizesBy(6 * 1024);
        }

        @Test
        void hostMemoryCapacityAcceptsAHostFilledExactly() {
            PlanningHost h1 = host("h1");
            verifier.verifyThat(PlacementConstraints::hostMemoryCapacity)
                    .given(h1, vm("a", 32, 2, 0, h1), vm("b", 32, 2, 0, h1))
                    .penalizes(0);
        }

        @Test
        void unavailableHostPenalisesEachVmByItsMemory() {
            PlanningHost down = unavailable("h9", "in maintenance");
            PlanningHost up = host("h1");
            verifier.verifyThat(PlacementConstraints::unavailableHost)
                    .given(down, up, vm("a", 2, 1, 0, down), vm("b", 8, 1, 0, up))
                    .justifiesWith(new VmOnUnavailableHost("a", "h9", "in maintenance"))
                    .penalizesBy(2 * 1024);
        }

        @Test
        void pinnedVmStaysPenalisesAPinnedVmThatMoved() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningVm pinned = new PlanningVm("p", 3 * GIB, 1, 0, h1, true, false, List.of(), List.of());
            PlanningVm free = moved(vm("f", 5, 1, 0, h1), h2);
            verifier.verifyThat(PlacementConstraints::pinnedVmStays)
                    .given(h1, h2, moved(pinned, h2), free)
                    .justifiesWith(new PinnedVmMoved("p", "h1", "h2"))
                    .penalizesBy(3 * 1024);
        }

        @Test
        void antiAffinityGroupPenalisesEachExtraMemberSharingAHost() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::antiAffinityGroup)
                    .given(h1, h2,
                            grouped("a", h1, List.of(), List.of("db")),
                            grouped("b", h1, List.of(), List.of("db", "web")),
                            grouped("c", h1, List.of(), List.of("db")),
                            grouped("d", h2, List.of(), List.of("web")))
                    .justifiesWith(new AntiAffinityConflict("db", "h1", 3))
                    .penalizesBy(2);
        }

        @Test
        void antiAffinityGroupAcceptsMembersOnDifferentHosts() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::antiAffinityGroup)
                    .given(h1, h2, grouped("a", h1, List.of(), List.of("db")), grouped("b", h2, List.of(), List.of("db")))
                    .penalizes(0);
        }

        @Test
        void affinityGroupPenalisesEachExtraHostTheGroupSpans() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningHost h3 = host("h3");
            verifier.verifyThat(PlacementConstraints::affinityGroup)
                    .given(h1, h2, h3,
                            grouped("a", h1, List.of("app"), List.of()),
                            grouped("b", h2, List.of("app"), List.of()),
                            grouped("c", h3, List.of("app"), List.of()),
                            grouped("d", h1, List.of("solo"), List.of()))
                    .justifiesWith(new AffinitySplit("app", List.of("h1", "h2", "h3")))
                    .penalizesBy(2);
        }

        @Test
        void vcpuOvercommitPenalisesTheVcpusOverTheLimit() {
            PlanningHost h1 = host("h1");
            verifier.verifyThat(PlacementConstraints::vcpuOvercommit)
                    .given(h1, vm("a", 1, 32, 0, h1), vm("b", 1, 12, 0, h1))
                    .justifiesWith(new VcpuOvercommit("h1", 44, 40))
                    .penalizesBy(4);
        }

        @Test
        void migrationBudgetPenalisesEachMigrationOverTheBudget() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::migrationBudget)
                    .given(h1, h2, new MoveBudget(1, Long.MAX_VALUE),
                            moved(vm("a", 1, 1, 0, h1), h2), moved(vm("b", 1, 1, 0, h1), h2),
                            moved(vm("c", 1, 1, 0, h1), h2), vm("d", 1, 1, 0, h1))
                    .justifiesWith(new BudgetExceeded("migrations", 3, 1))
                    .penalizesBy(2);
        }

        @Test
        void movedMemoryBudgetPenalisesTheMebibytesOverTheBudget() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::movedMemoryBudget)
                    .given(h1, h2, new MoveBudget(100, 5 * GIB),
                            moved(vm("a", 4, 1, 0, h1), h2), moved(vm("b", 2, 1, 0, h1), h2))
                    .justifiesWith(new BudgetExceeded("moved bytes", 6 * GIB, 5 * GIB))
                    .penalizesBy(1024);
        }

        @Test
        void budgetsAcceptAPlanWithinThem() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::movedMemoryBudget)
                    .given(h1, h2, new MoveBudget(1, 4 * GIB), moved(vm("a", 4, 1, 0, h1), h2))
                    .penalizes(0);
        }
    }

    @Nested
    class Medium {

        @Test
        void cpuThresholdPenalisesTheMillicoresOverTheThreshold() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::cpuThreshold)
                    .given(h1, h2, vm("a", 1, 8, 6_000, h1), vm("b", 1, 4, 3_500, h1), vm("c", 1, 8, 7_000, h2))
                    .justifiesWith(new CpuOverThreshold("h1", 9_500, 8_000))
                    .penalizesBy(1_500);
        }
    }

    @Nested
    class Soft {

        @Test
        void cpuBalanceCountsEmptyHostsAndNormalisesByHostSize() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            // h1 at 40 %, h2 empty: unfairness sqrt(2 * 0.2^2) = 0.282843 ; hosts x std dev = 2 x 0.2.
            verifier.verifyThat(PlacementConstraints::cpuBalance)
                    .given(h1, h2, vm("a", 1, 4, 4_000, h1))
                    .justifiesWith(new Imbalance("cpu", 282_843, 2))
                    .penalizesBy(400_000);
        }

        @Test
        void cpuBalanceIsZeroWhenUtilisationIsEqualOnHostsOfDifferentSizes() {
            PlanningHost small = host("small");
            PlanningHost big = new PlanningHost("big", 20_000, 16_000, 128 * GIB, 80, null);
            verifier.verifyThat(PlacementConstraints::cpuBalance)
                    .given(small, big, vm("a", 1, 4, 3_000, small), vm("b", 1, 8, 6_000, big))
                    .justifiesWith(new Imbalance("cpu", 0, 2))
                    .penalizesBy(0);
        }

        @Test
        void cpuBalanceIgnoresUnavailableHosts() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningHost off = unavailable("off", "disabled");
            verifier.verifyThat(PlacementConstraints::cpuBalance)
                    .given(h1, h2, off, vm("a", 1, 4, 2_000, h1), vm("b", 1, 4, 2_000, h2))
                    .justifiesWith(new Imbalance("cpu", 0, 2))
                    .penalizesBy(0);
        }

        @Test
        void memoryBalancePenalisesUnequalMemoryUtilisation() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            // 32 GiB of 64 on h1 (50 %), h2 empty: hosts x std dev = 2 x 0.25, but loadBalance rounds the
            // unfairness to 6 significant digits (0.353553), so 0.353553 x sqrt(2) = 0.499999.
            verifier.verifyThat(PlacementConstraints::memoryBalance)
                    .given(h1, h2, vm("a", 32, 1, 0, h1))
                    .justifiesWith(new Imbalance("memory", 353_553, 2))
                    .penalizesBy(499_999);
        }

        @Test
        void cpuPeakPenalisesTheBusiestAvailableHostsUtilisation() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningHost off = unavailable("off", "disabled");
            verifier.verifyThat(PlacementConstraints::cpuPeak)
                    .given(h1, h2, off, vm("a", 1, 4, 3_000, h1), vm("b", 1, 8, 7_500, h2), vm("c", 1, 8, 9_900, off))
                    .justifiesWith(new CpuPeak("h2", 750_000))
                    .penalizesBy(750_000);
        }

        @Test
        void migrationCostPenalisesTheMebibytesMoved() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningVm a = new PlanningVm("a", 3 * GIB + 512 * MIB, 1, 0, h1);
            verifier.verifyThat(PlacementConstraints::migrationCost)
                    .given(h1, h2, moved(a, h2), vm("b", 8, 1, 0, h1))
                    .justifiesWith(new Migration("a", "h1", "h2", 3 * GIB + 512 * MIB))
                    .penalizesBy(3 * 1024 + 512);
        }

        @Test
        void migrationCountPenalisesEveryMove() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            verifier.verifyThat(PlacementConstraints::migrationCount)
                    .given(h1, h2, moved(vm("a", 1, 1, 0, h1), h2), moved(vm("b", 1, 1, 0, h2), h1), vm("c", 1, 1, 0, h1))
                    .justifiesWith(new Migration("a", "h1", "h2", GIB), new Migration("b", "h2", "h1", GIB))
                    .penalizesBy(2);
        }

        @Test
        void migrationCooldownPenalisesOnlyRecentlyMigratedVmsThatMoveAgain() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningVm recent = new PlanningVm("r", GIB, 1, 0, h1, false, true, List.of(), List.of());
            PlanningVm recentStaying = new PlanningVm("s", GIB, 1, 0, h1, false, true, List.of(), List.of());
            verifier.verifyThat(PlacementConstraints::migrationCooldown)
                    .given(h1, h2, moved(recent, h2), recentStaying, moved(vm("o", 1, 1, 0, h1), h2))
                    .justifiesWith(new Migration("r", "h1", "h2", GIB))
                    .penalizesBy(1);
        }

        @Test
        void hostsInUsePenalisesEachNonEmptyHostMoreTheFullerItIs() {
            PlanningHost h1 = host("h1");
            PlanningHost h2 = host("h2");
            PlanningHost empty = host("h3");
            // h1 16/64 GiB: 1e6 + 1e6 * sqrt(0.25) = 1.5e6; h2 64/64: 2e6.
            verifier.verifyThat(PlacementConstraints::hostsInUse)
                    .given(h1, h2, empty, vm("a", 16, 1, 0, h1), vm("b", 64, 1, 0, h2))
                    .justifiesWith(new HostInUse("h1", 16 * GIB, 64 * GIB), new HostInUse("h2", 64 * GIB, 64 * GIB))
                    .penalizesBy(3_500_000);
        }

        @Test
        void packingLoadOntoTheFullerHostScoresBetterInConsolidateMode() {
            PlanningHost h1 = host("h1");
            long spread = PlacementConstraints.hostInUseCost(h1, 16 * GIB) + PlacementConstraints.hostInUseCost(h1, 40 * GIB);
            long packed = PlacementConstraints.hostInUseCost(h1, 8 * GIB) + PlacementConstraints.hostInUseCost(h1, 48 * GIB);
            assertThat(packed).isLessThan(spread);
        }
    }

    @Test
    void justificationsReadWellForAnOperator() {
        assertThat(new MemoryOverCapacity("h1", 70 * GIB, 64 * GIB).describe())
                .isEqualTo("host h1 memory 70.0 GiB exceeds usable 64.0 GiB");
        assertThat(new CpuOverThreshold("h1", 9_500, 8_000).describe())
                .isEqualTo("host h1 CPU demand 9.50 cores is over its threshold 8.00 cores");
        assertThat(new Imbalance("cpu", 282_843, 2).describe())
                .isEqualTo("cpu utilisation std dev 20.00% over 2 hosts");
        assertThat(new VmOnUnavailableHost("a", "h9", "in maintenance").describe())
                .isEqualTo("vm a runs on host h9 which is in maintenance");
    }
}
