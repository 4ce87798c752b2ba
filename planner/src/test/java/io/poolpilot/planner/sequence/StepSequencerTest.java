package io.poolpilot.planner.sequence;

import io.poolpilot.planner.Budgets;
import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.Rules;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.ScenarioGenerator;
import io.poolpilot.planner.placement.HostLimits;
import io.poolpilot.planner.placement.PoolState;
import io.poolpilot.planner.solver.Units;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.poolpilot.planner.Pools.host;
import static io.poolpilot.planner.Pools.pool;
import static io.poolpilot.planner.Pools.vm;
import static org.assertj.core.api.Assertions.assertThat;

public class StepSequencerTest {

    private static Sequence sequence(PoolSnapshot pool, Map<String, String> target) {
        return new StepSequencer(pool.rules(), pool.rules().budgets()).sequence(new PoolState(pool, null), target);
    }

    @Test
    void swapBetweenTwoFullHostsGoesThroughASpareHost() {
        PoolSnapshot pool = pool(List.of(host("h1", 8, 16), host("h2", 8, 16), host("h3", 8, 16)),
                List.of(vm("a", 2, 12, 1, "h1"), vm("b", 2, 10, 1, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2", "b", "h1"));

        assertThat(sequence.dropped()).isEmpty();
        assertThat(sequence.placement()).containsEntry("a", "h2").containsEntry("b", "h1");
        assertThat(sequence.waves()).hasSize(3);
        assertThat(sequence.waves().get(0)).singleElement()
                .isEqualTo(new Migration("b", "h2", "h3", 10 * (1L << 30), Migration.Kind.PARK));
        assertThat(sequence.waves().get(1)).singleElement().extracting(Migration::vmId).isEqualTo("a");
        assertThat(sequence.waves().get(2)).singleElement()
                .isEqualTo(new Migration("b", "h3", "h1", 10 * (1L << 30), Migration.Kind.RESUME));
        assertFeasibleReplay(pool, sequence);
    }

    @Test
    void cycleWithNoSpareHostDropsTheMovesAndKeepsThePoolAsItIs() {
        PoolSnapshot pool = pool(List.of(host("h1", 8, 16), host("h2", 8, 16)),
                List.of(vm("a", 2, 12, 1, "h1"), vm("b", 2, 10, 1, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2", "b", "h1"));

        assertThat(sequence.waves()).isEmpty();
        assertThat(sequence.dropped()).extracting(DroppedMove::vmId).containsExactlyInAnyOrder("a", "b");
        assertThat(sequence.placement()).containsEntry("a", "h1").containsEntry("b", "h2");
    }

    @Test
    void parkingIsRefusedWhenItWouldBreakTheMigrationBudget() {
        PoolSnapshot pool = pool(List.of(host("h1", 8, 16), host("h2", 8, 16), host("h3", 8, 16)),
                List.of(vm("a", 2, 12, 1, "h1"), vm("b", 2, 10, 1, "h2")));
        Sequence sequence = new StepSequencer(pool.rules(), new Budgets(2, Long.MAX_VALUE))
                .sequence(new PoolState(pool, null), Map.of("a", "h2", "b", "h1"));

        assertThat(sequence.waves()).isEmpty();
        assertThat(sequence.dropped()).hasSize(2);
    }

    @Test
    void aMigratingVmCountsOnItsDestinationSoTwoArrivalsThatDoNotBothFitGoInTwoWaves() {
        // h2 has 16 GiB: 6 resident + 8 + 8 arriving would be 22 until "c" has left.
        PoolSnapshot pool = pool(List.of(host("h1", 8, 32), host("h2", 8, 16), host("h3", 8, 32)),
                List.of(vm("a", 1, 8, 1, "h1"), vm("b", 1, 8, 1, "h1"), vm("c", 1, 6, 1, "h2")));
        Sequence sequence = sequence(pool, Map.of("a", "h2", "b", "h2", "c", "h3"));

        assertThat(sequence.dropped()).isEmpty();
        assertThat(sequence.waves()).hasSize(2);
        assertThat(sequence.waves().get(0)).extracting(Migration::vmId).containsExactlyInAnyOrder("a", "c");
        assertThat(sequence.waves().get(1)).extracting(Migration::vmId).containsExactly("b");
        assertFeasibleReplay(pool, sequence);
    }

    @Test
    void wavesRespectTheParallelismLimits() {
        Rules rules = Rules.defaults().withWaveLimits(3, 1);
        PoolSnapshot pool = pool(List.of(host("h1", 8, 64), host("h2", 8, 64), host("h3", 8, 64)),
                List.of(vm("a", 1, 1, 0.1, "h1"), vm("b", 1, 1, 0.1, "h1"), vm("c", 1, 1, 0.1, "h1"),
                        vm("d", 1, 1, 0.1, "h2")), rules);
        Sequence sequence = sequence(pool, Map.of("a", "h3", "b", "h3", "c", "h2", "d", "h3"));

        for (List<Migration> wave : sequence.waves()) {
            Map<String, Integer> touching = new HashMap<>();
            for (Migration m : wave) {
                touching.merge(m.fromHostId(), 1, Integer::sum);
                touching.merge(m.toHostId(), 1, Integer::sum);
            }
            assertThat(wave).hasSizeLessThanOrEqualTo(3);
            assertThat(touching.values()).allMatch(count -> count <= 1);
        }
        assertThat(sequence.placement()).containsEntry("a", "h3").containsEntry("b", "h3").containsEntry("c", "h2")
                .containsEntry("d", "h3");
    }

    @Test
    void randomPlacementsAlwaysSequenceIntoFeasibleWaves() {
        for (long seed = 1; seed <= 150; seed++) {
            PoolSnapshot pool = ScenarioGenerator.generate(6, 60, seed);
            Random random = new Random(seed);
            Map<String, String> target = new HashMap<>();
            for (VmSpec vm : pool.vms()) {
                if (random.nextDouble() < 0.4) {
                    target.put(vm.id(), pool.hosts().get(random.nextInt(pool.hosts().size())).id());
                }
            }
            Sequence sequence = sequence(pool, target);
            assertFeasibleReplay(pool, sequence);
            for (Map.Entry<String, String> planned : target.entrySet()) {
                boolean droppedMove = sequence.dropped().stream().anyMatch(d -> d.vmId().equals(planned.getKey()));
                boolean pinned = pool.vms().stream().anyMatch(v -> v.id().equals(planned.getKey()) && v.pinned());
                if (!droppedMove && !pinned) {
                    assertThat(sequence.placement()).as("seed %d vm %s", seed, planned.getKey())
                            .containsEntry(planned.getKey(), planned.getValue());
                }
            }
        }
    }

    @Test
    void sameInputSameSequence() {
        PoolSnapshot pool = ScenarioGenerator.generate(6, 60, 42);
        Random random = new Random(42);
        Map<String, String> target = new HashMap<>();
        for (VmSpec vm : pool.vms()) {
            target.put(vm.id(), pool.hosts().get(random.nextInt(pool.hosts().size())).id());
        }
        assertThat(sequence(pool, target)).isEqualTo(sequence(pool, Map.copyOf(target)));
    }

    /**
     * Replays the waves and checks every host during every wave, counting each migrating VM on both its
     * source and its destination: memory, vCPUs, accepting destination, pinned VMs, anti-affinity not
     * made worse; and, when no host is being emptied, no host pushed over the CPU or memory threshold, nor
     * given more when it was over it before the plan.
     */
    public static void assertFeasibleReplay(PoolSnapshot pool, Sequence sequence) {
        assertFeasibleReplay(pool, sequence, null);
    }

    /** As {@link #assertFeasibleReplay(PoolSnapshot, Sequence)} for a plan that empties {@code evacuatingHostId}. */
    public static void assertFeasibleReplay(PoolSnapshot pool, Sequence sequence, String evacuatingHostId) {
        Map<String, String> placement = new HashMap<>();
        Map<String, VmSpec> vms = new HashMap<>();
        for (VmSpec vm : pool.vms()) {
            placement.put(vm.id(), vm.currentHostId());
            vms.put(vm.id(), vm);
        }
        Map<String, Integer> initialAntiAffinity = antiAffinityCounts(pool, placement, List.of());
        boolean evacuation = evacuatingHostId != null || pool.hosts().stream().anyMatch(h -> !h.acceptsVms());
        Map<String, long[]> before = usage(pool, placement, List.of());
        for (List<Migration> wave : sequence.waves()) {
            Set<String> inWave = new HashSet<>();
            for (Migration m : wave) {
                assertThat(inWave.add(m.vmId())).as("vm moves once per wave").isTrue();
                assertThat(placement.get(m.vmId())).isEqualTo(m.fromHostId());
                assertThat(vms.get(m.vmId()).pinned()).as("pinned %s moves", m.vmId()).isFalse();
                assertThat(pool.host(m.toHostId()).acceptsVms()).isTrue();
            }
            for (HostSpec host : pool.hosts()) {
                long memory = 0;
                int vcpus = 0;
                for (Map.Entry<String, String> e : placement.entrySet()) {
                    if (e.getValue().equals(host.id())) {
                        memory += vms.get(e.getKey()).memoryBytes();
                        vcpus += vms.get(e.getKey()).vcpus();
                    }
                }
                for (Migration m : wave) {
                    if (m.toHostId().equals(host.id())) {
                        memory += m.memoryBytes();
                        vcpus += vms.get(m.vmId()).vcpus();
                    }
                }
                assertThat(memory).as("memory on %s during a wave", host.id()).isLessThanOrEqualTo(host.memoryUsableBytes());
                assertThat(vcpus).as("vCPUs on %s during a wave", host.id())
                        .isLessThanOrEqualTo(PoolState.maxVcpus(host, pool.rules().vcpuOvercommitRatio()));
            }
            Map<String, long[]> usage = usage(pool, placement, wave);
            for (HostSpec host : pool.hosts()) {
                long cpuThreshold = HostLimits.cpuThresholdMillis(host, pool.rules());
                long memoryThreshold = HostLimits.memoryThresholdBytes(host, pool.rules());
                long[] was = before.getOrDefault(host.id(), new long[2]);
                long[] now = usage.getOrDefault(host.id(), new long[2]);
                if (!evacuation) {
                    assertThat(now[0]).as("CPU millicores on %s during a wave", host.id())
                            .isLessThanOrEqualTo(Math.max(cpuThreshold, was[0]));
                    assertThat(now[1]).as("memory on %s during a wave", host.id())
                            .isLessThanOrEqualTo(Math.max(memoryThreshold, was[1]));
                }
            }
            Map<String, Integer> during = antiAffinityCounts(pool, placement, wave);
            during.forEach((key, count) -> assertThat(count).as("anti-affinity %s", key)
                    .isLessThanOrEqualTo(Math.max(1, initialAntiAffinity.getOrDefault(key, 0))));
            for (Migration m : wave) {
                placement.put(m.vmId(), m.toHostId());
            }
        }
        assertThat(placement).isEqualTo(sequence.placement());
    }

    /** Host id to {CPU millicores, memory bytes} of its residents plus the VMs arriving in the wave. */
    private static Map<String, long[]> usage(PoolSnapshot pool, Map<String, String> placement, List<Migration> arriving) {
        Map<String, long[]> usage = new HashMap<>();
        for (VmSpec vm : pool.vms()) {
            long[] u = usage.computeIfAbsent(placement.get(vm.id()), h -> new long[2]);
            u[0] += Units.millis(vm.cpuDemandCores());
            u[1] += vm.memoryBytes();
        }
        for (Migration m : arriving) {
            VmSpec vm = pool.vms().stream().filter(v -> v.id().equals(m.vmId())).findFirst().orElseThrow();
            long[] u = usage.computeIfAbsent(m.toHostId(), h -> new long[2]);
            u[0] += Units.millis(vm.cpuDemandCores());
            u[1] += vm.memoryBytes();
        }
        return usage;
    }

    private static Map<String, Integer> antiAffinityCounts(PoolSnapshot pool, Map<String, String> placement,
                                                           List<Migration> arriving) {
        Map<String, Integer> counts = new HashMap<>();
        for (VmSpec vm : pool.vms()) {
            for (String group : vm.antiAffinityGroups()) {
                counts.merge(group + "@" + placement.get(vm.id()), 1, Integer::sum);
            }
        }
        for (Migration m : arriving) {
            VmSpec vm = pool.vms().stream().filter(v -> v.id().equals(m.vmId())).findFirst().orElseThrow();
            for (String group : vm.antiAffinityGroups()) {
                counts.merge(group + "@" + m.toHostId(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
