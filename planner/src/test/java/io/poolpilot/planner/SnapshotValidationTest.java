package io.poolpilot.planner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import static io.poolpilot.planner.Pools.GIB;
import static io.poolpilot.planner.Pools.host;
import static io.poolpilot.planner.Pools.pool;
import static io.poolpilot.planner.Pools.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails in the record's constructor with a message naming the bad value. */
class SnapshotValidationTest {

    @Test
    void hostWithoutCoresIsRejected() {
        assertThatThrownBy(() -> new HostSpec("h1", 0, 8, 64 * GIB, GIB, true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host h1: cpuCores must be > 0, got 0");
    }

    @Test
    void hostOverheadMustLeaveMemoryForGuests() {
        assertThatThrownBy(() -> new HostSpec("h1", 8, 8, 4 * GIB, 4 * GIB, true, false))
                .hasMessageContaining("host h1: memoryOverheadBytes must be in [0, memoryTotalBytes=");
    }

    @Test
    void vmDemandAboveItsVcpusIsRejected() {
        assertThatThrownBy(() -> VmSpec.of("vm1", 2, GIB, 2.5, "h1"))
                .hasMessage("vm vm1: cpuDemandCores must be in [0, vcpus=2], got 2.5");
    }

    @Test
    void vmWithoutHostIsRejected() {
        assertThatThrownBy(() -> VmSpec.of("vm1", 2, GIB, 1, " "))
                .hasMessageContaining("vm vm1: currentHostId is required");
    }

    @Test
    void vmGroupsAreCopiedSortedAndImmutable() {
        TreeSet<String> groups = new TreeSet<>(List.of("web", "db"));
        VmSpec vm = VmSpec.of("vm1", 2, GIB, 1, "h1").withAntiAffinityGroups(groups);
        groups.add("late");
        assertThat(vm.antiAffinityGroups()).containsExactly("db", "web");
        assertThatThrownBy(() -> vm.antiAffinityGroups().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void snapshotRejectsAVmOnAnUnknownHost() {
        assertThatThrownBy(() -> pool(List.of(host("h1", 8, 16)), List.of(vm("vm1", 1, 1, 0.5, "h7"))))
                .hasMessage("pool test-pool: vm vm1 runs on unknown host h7 (refresh the inventory)");
    }

    @Test
    void snapshotRejectsDuplicateIds() {
        assertThatThrownBy(() -> pool(List.of(host("h1", 8, 16), host("h1", 8, 16)), List.of()))
                .hasMessage("pool test-pool: duplicate host id h1");
        assertThatThrownBy(() -> pool(List.of(host("h1", 8, 16)),
                List.of(vm("vm1", 1, 1, 0.5, "h1"), vm("vm1", 1, 1, 0.5, "h1"))))
                .hasMessage("pool test-pool: duplicate vm id vm1");
    }

    @Test
    void rulesRejectAThresholdAboveOne() {
        assertThatThrownBy(() -> Rules.defaults().withCpuThresholdRatio(1.5))
                .hasMessage("cpuThresholdRatio must be in (0, 1], got 1.5");
    }

    @Test
    void negativeWeightsAndBudgetsAreRejected() {
        assertThatThrownBy(() -> Weights.DEFAULT.withMinGainPerMigration(-1))
                .hasMessage("minGainPerMigration weight must be >= 0, got -1");
        assertThatThrownBy(() -> new Budgets(-1, 0)).hasMessage("maxMigrations must be >= 0, got -1");
    }

    @Test
    void requestNeedsAPositiveTimeLimit() {
        assertThatThrownBy(() -> PlanRequest.balance().withTimeLimit(Duration.ZERO))
                .hasMessage("timeLimit must be positive, got PT0S");
    }

    @Test
    void stepThatGoesNowhereIsRejected() {
        HostLoad load = new HostLoad("h1", 0, 0, 0, 0, 0, 0);
        Reason reason = new Reason("x", List.of(), load, load, load, load);
        assertThatThrownBy(() -> new Step("vm1", "h1", "h1", GIB, reason))
                .hasMessage("step for vm vm1 goes nowhere: from = to = h1");
    }

    @Test
    void requestBudgetsOverrideThePoolsBudgets() {
        Rules rules = Rules.defaults().withBudgets(new Budgets(5, 10 * GIB));
        assertThat(PlanRequest.balance().effectiveBudgets(rules)).isEqualTo(new Budgets(5, 10 * GIB));
        assertThat(PlanRequest.balance().withBudgets(new Budgets(1, GIB)).effectiveBudgets(rules))
                .isEqualTo(new Budgets(1, GIB));
    }
}
