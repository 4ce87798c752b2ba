package io.poolpilot.planner.sequence;

import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.Names;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.placement.PoolState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.poolpilot.planner.Pools.NOW;
import static io.poolpilot.planner.Pools.host;
import static io.poolpilot.planner.Pools.vm;
import static org.assertj.core.api.Assertions.assertThat;

/** The sequencer never pushes a host over a threshold it was under, at any wave, except for an evacuation. */
class ThresholdGuardTest {

    private static final Names NAMES = new Names(Map.of("h1", "east-01", "h2", "east-02", "h3", "east-03"));

    private static PoolSnapshot pool(List<HostSpec> hosts, List<io.poolpilot.planner.VmSpec> vms) {
        return new PoolSnapshot("east", 1, hosts, vms, Rules.defaults(), NOW, NAMES);
    }

    private static Sequence sequence(PoolSnapshot pool, Map<String, String> target, String evacuating) {
        return new StepSequencer(pool.rules(), pool.rules().budgets())
                .sequence(new PoolState(pool, evacuating), target);
    }

    @Test
    void aMoveThatWouldTakeADestinationOverTheCpuThresholdIsDroppedWithTheHostNamed() {
        // 10-core hosts, threshold 8 cores: h2 at 7 cores would reach 9.
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64)),
                List.of(vm("a", 4, 4, 2.0, "h1"), vm("b", 8, 4, 7.5, "h1"), vm("c", 8, 4, 7.0, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2"), null);

        assertThat(sequence.waves()).isEmpty();
        assertThat(sequence.dropped()).singleElement().satisfies(d -> {
            assertThat(d.vmId()).isEqualTo("a");
            assertThat(d.why()).isEqualTo("host east-02 (h2) would go over its CPU threshold (80.0%): 90.0% after it"
                    + " arrives, 70.0% before the plan; a plan never pushes a host over its threshold, nor adds to one"
                    + " already over it");
        });
    }

    @Test
    void anArrivalWaitsUntilTheVmMakingRoomHasLeftSoNoWaveGoesOverTheThreshold() {
        // h2 at 7 cores: "a" (1.5 cores) may only arrive once "c" (1.5 cores) has left for h3.
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64), host("h3", 10, 64)),
                List.of(vm("a", 2, 4, 1.5, "h1"), vm("b", 8, 4, 7.5, "h1"), vm("c", 2, 4, 1.5, "h2"),
                        vm("d", 8, 4, 5.5, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2", "c", "h3"), null);

        assertThat(sequence.dropped()).isEmpty();
        assertThat(sequence.waves()).hasSize(2);
        assertThat(sequence.waves().get(0)).extracting(Migration::vmId).containsExactly("c");
        assertThat(sequence.waves().get(1)).extracting(Migration::vmId).containsExactly("a");
        StepSequencerTest.assertFeasibleReplay(pool, sequence);
    }

    @Test
    void anEvacuationWithNoRoomUnderTheThresholdGoesAheadAndSaysSo() {
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64)),
                List.of(vm("a", 4, 4, 4.0, "h1"), vm("c", 8, 4, 7.0, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2"), "h1");

        assertThat(sequence.dropped()).isEmpty();
        assertThat(sequence.waves()).singleElement().satisfies(w -> assertThat(w).extracting(Migration::vmId)
                .containsExactly("a"));
        assertThat(sequence.forced()).singleElement().satisfies(f -> {
            assertThat(f.vmId()).isEqualTo("a");
            assertThat(f.hostId()).isEqualTo("h2");
            assertThat(f.why()).isEqualTo("evacuation leaves no other choice: host east-02 (h2) goes to 110.0% CPU,"
                    + " over its 80.0% threshold (70.0% before the plan), as no host has room under it for the VMs"
                    + " leaving east-01 (h1)");
        });
    }

    @Test
    void aBalanceMoveMayNotAddToAHostAnEvacuationAlreadyFilled() {
        // h3 is emptied onto h2 (7 + 4 = 11 cores, forced); "b" from h1 may not add to h2 on top of that.
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64), host("h3", 10, 64)),
                List.of(vm("b", 2, 4, 1.0, "h1"), vm("x", 8, 4, 7.5, "h1"), vm("c", 8, 4, 7.0, "h2"),
                        vm("e", 4, 4, 4.0, "h3")));
        Sequence sequence = sequence(pool, Map.of("e", "h2", "b", "h2"), "h3");

        assertThat(sequence.placement()).containsEntry("e", "h2").containsEntry("b", "h1");
        assertThat(sequence.dropped()).singleElement().extracting(DroppedMove::vmId).isEqualTo("b");
    }

    @Test
    void aHostAlreadyOverTheThresholdGetsNothingOnTopButMaySwapWhenTheBiggerVmLeavesFirst() {
        // h2 at 8.5 cores (over 8): "a" (1.0) may only arrive once "c" (2.0) has left, never in the same wave.
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64), host("h3", 10, 64)),
                List.of(vm("a", 2, 4, 1.0, "h1"), vm("c", 2, 4, 2.0, "h2"), vm("d", 8, 4, 6.5, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2", "c", "h3"), null);

        assertThat(sequence.dropped()).isEmpty();
        assertThat(sequence.waves()).hasSize(2);
        assertThat(sequence.waves().get(0)).extracting(Migration::vmId).containsExactly("c");
        assertThat(sequence.waves().get(1)).extracting(Migration::vmId).containsExactly("a");

        Sequence onTop = sequence(pool, Map.of("a", "h2"), null);
        assertThat(onTop.waves()).isEmpty();
        assertThat(onTop.dropped()).singleElement().satisfies(d -> assertThat(d.why()).startsWith(
                "host east-02 (h2) is over its CPU threshold (80.0%) already, at 85.0% before the plan, and would"
                        + " reach 95.0% after it arrives"));
    }
}
