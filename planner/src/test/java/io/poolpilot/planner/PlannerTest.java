package io.poolpilot.planner;

import io.poolpilot.planner.placement.PoolState;
import io.poolpilot.planner.sequence.Migration;
import io.poolpilot.planner.sequence.Sequence;
import io.poolpilot.planner.sequence.StepSequencerTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.poolpilot.planner.Pools.GIB;
import static io.poolpilot.planner.Pools.NOW;
import static io.poolpilot.planner.Pools.host;
import static io.poolpilot.planner.Pools.pool;
import static io.poolpilot.planner.Pools.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {

    private final Planner planner = new Planner();

    /** Short, move-limited searches: fast and reproducible. */
    private static PlanRequest request(Mode mode) {
        return new PlanRequest(mode, null, Duration.ofSeconds(20), 20_000, 7);
    }

    /** Four 16-core hosts; h1 runs everything hot, the others are idle. */
    private static PoolSnapshot hotSpot() {
        List<HostSpec> hosts = List.of(host("h1", 16, 128), host("h2", 16, 128), host("h3", 16, 128),
                host("h4", 16, 128));
        List<VmSpec> vms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            vms.add(vm("vm" + i, 4, 8, 1.8, "h1"));
        }
        return pool(hosts, vms);
    }

    private static PoolState replay(PoolSnapshot pool, Plan plan) {
        PoolState state = new PoolState(pool, null);
        for (Step step : plan.steps()) {
            state.move(state.vmIndex(step.vmId()), state.hostIndex(step.toHostId()));
        }
        return state;
    }

    @Test
    void hotHostIsRelievedAndEveryStepSaysWhy() {
        PoolSnapshot pool = hotSpot();
        Plan plan = planner.plan(pool, request(Mode.balance()));

        PoolState after = replay(pool, plan);
        assertThat(after.peakCpuUtilisation()).isLessThanOrEqualTo(0.8);
        assertThat(plan.score().improves()).isTrue();
        assertThat(plan.score().executed().feasible()).isTrue();
        assertThat(plan.steps()).allSatisfy(step -> {
            assertThat(step.fromHostId()).isEqualTo("h1");
            assertThat(step.reason().summary()).startsWith("relieve CPU over threshold");
            assertThat(step.reason().constraintMatches())
                    .contains("host h1 CPU demand 14.40 cores is over its threshold 12.80 cores");
            assertThat(step.reason().sourceAfter().cpuUtilisation())
                    .isLessThan(step.reason().sourceBefore().cpuUtilisation());
        });
        assertThat(plan.after().get("h1").vmCount()).isEqualTo(after.residentCount(after.hostIndex("h1")));
        assertThat(plan.explanation()).anyMatch(line -> line.contains("CPU std dev"));
    }

    @Test
    void sameSeedSamePlan() {
        PoolSnapshot pool = ScenarioGenerator.generate(8, 80, 3);
        Plan first = planner.plan(pool, request(Mode.balance()));
        Plan second = planner.plan(pool, request(Mode.balance()));

        assertThat(first.score().timeLimitReached()).isFalse();
        assertThat(first.isEmpty()).isFalse();
        assertThat(second.waves()).isEqualTo(first.waves());
        assertThat(second.after()).isEqualTo(first.after());
        assertThat(second.score().executed()).isEqualTo(first.score().executed());
    }

    @Test
    void balancedPoolGetsAnEmptyPlan() {
        PoolSnapshot pool = pool(List.of(host("h1", 16, 64), host("h2", 16, 64)),
                List.of(vm("a", 4, 8, 2, "h1"), vm("b", 4, 8, 2, "h2"), vm("c", 2, 4, 1, "h1"),
                        vm("d", 2, 4, 1, "h2")));
        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.after()).isEqualTo(plan.before());
        assertThat(plan.explanation()).anyMatch(line -> line.startsWith("no plan"));
    }

    @Test
    void aMoveThatGainsLessThanTheMinimumGainPerMigrationIsNotPlanned() {
        // h1 at 60 % CPU, h2 at 20 %: under the threshold, so only balance argues for a move.
        List<HostSpec> hosts = List.of(host("h1", 10, 64), host("h2", 10, 64));
        List<VmSpec> vms = List.of(vm("a", 4, 8, 3, "h1"), vm("b", 4, 8, 3, "h1"), vm("c", 4, 8, 2, "h2"),
                vm("d", 1, 8, 0.01, "h2"));
        Plan worthIt = planner.plan(pool(hosts, vms), request(Mode.balance()));
        Rules strict = Rules.defaults().withWeights(Weights.DEFAULT.withMinGainPerMigration(5_000_000));
        Plan notWorthIt = planner.plan(pool(hosts, vms, strict), request(Mode.balance()));

        assertThat(worthIt.migrationCount()).isPositive();
        assertThat(notWorthIt.isEmpty()).isTrue();
    }

    @Test
    void planIsNeverWorseThanDoingNothing() {
        for (long seed = 1; seed <= 5; seed++) {
            PoolSnapshot pool = ScenarioGenerator.generate(5, 40, seed);
            Plan plan = planner.plan(pool, request(Mode.balance()).withSeed(seed));
            assertThat(plan.score().executed()).as("seed %d", seed).isGreaterThanOrEqualTo(plan.score().doNothing());
            if (!plan.isEmpty()) {
                assertThat(plan.score().improves()).isTrue();
            }
        }
    }

    @Test
    void evacuateMovesEveryVmOffTheHost() {
        PoolSnapshot pool = ScenarioGenerator.generate(6, 50, 11);
        String target = "h02";
        Plan plan = planner.plan(pool, request(Mode.evacuate(target)));

        long pinnedThere = pool.vms().stream().filter(v -> v.pinned() && v.currentHostId().equals(target)).count();
        assertThat(plan.after().get(target).vmCount()).isEqualTo((int) pinnedThere);
        assertThat(plan.steps()).filteredOn(s -> s.fromHostId().equals(target))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.reason().summary()).isEqualTo("evacuate: host h02 is being evacuated"));
        assertThat(plan.steps()).noneMatch(s -> s.toHostId().equals(target));
    }

    @Test
    void maintenanceHostIsEmptiedEvenInBalanceMode() {
        List<HostSpec> hosts = List.of(host("h1", 16, 64), host("h2", 16, 64),
                new HostSpec("h3", 16, 16, 66 * GIB, 2 * GIB, true, true));
        PoolSnapshot pool = pool(hosts, List.of(vm("a", 2, 8, 1, "h3"), vm("b", 2, 8, 1, "h1")));
        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.steps()).extracting(Step::vmId).contains("a");
        assertThat(plan.after().get("h3").vmCount()).isZero();
    }

    @Test
    void consolidateEmptiesLightlyUsedHostsWithoutCrossingTheCpuThreshold() {
        List<HostSpec> hosts = List.of(host("h1", 16, 64), host("h2", 16, 64), host("h3", 16, 64),
                host("h4", 16, 64));
        List<VmSpec> vms = new ArrayList<>();
        for (int h = 1; h <= 4; h++) {
            vms.add(vm("a" + h, 2, 8, 1.5, "h" + h));
            vms.add(vm("b" + h, 2, 4, 1.0, "h" + h));
        }
        PoolSnapshot pool = pool(hosts, vms);
        Plan plan = planner.plan(pool, request(Mode.consolidate()));

        PoolState after = replay(pool, plan);
        assertThat(after.hostsInUse()).isLessThanOrEqualTo(2);
        assertThat(after.peakCpuUtilisation()).isLessThanOrEqualTo(0.8);
        assertThat(plan.steps()).anyMatch(s -> s.reason().summary().startsWith("consolidate"));
    }

    @Test
    void budgetsCapMigrationsAndMovedMemory() {
        PoolSnapshot pool = ScenarioGenerator.generate(8, 80, 5);
        Plan byCount = planner.plan(pool, request(Mode.balance()).withBudgets(new Budgets(3, Long.MAX_VALUE)));
        Plan byMemory = planner.plan(pool, request(Mode.balance()).withBudgets(Budgets.ofGiB(1000, 40)));

        assertThat(byCount.migrationCount()).isBetween(1, 3);
        assertThat(byMemory.movedBytes()).isPositive().isLessThanOrEqualTo(40 * GIB);
    }

    @Test
    void recentlyMigratedVmIsLeftAloneWhenATwinCanMoveInstead() {
        List<HostSpec> hosts = List.of(host("h1", 16, 64), host("h2", 16, 64));
        PoolSnapshot pool = pool(hosts, List.of(
                vm("recent", 4, 8, 3.5, "h1").withLastMigratedAt(NOW.minus(Duration.ofMinutes(5))),
                vm("twin", 4, 8, 3.5, "h1"),
                vm("base", 4, 8, 3.5, "h1"),
                vm("other", 4, 8, 3.5, "h1")));
        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.steps()).isNotEmpty().extracting(Step::vmId).doesNotContain("recent");
    }

    @Test
    void pinnedVmNeverMoves() {
        PoolSnapshot hot = hotSpot();
        List<VmSpec> vms = hot.vms().stream().map(v -> v.withPinned(true)).toList();
        Plan plan = planner.plan(pool(hot.hosts(), vms), request(Mode.balance()));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void everyPlanKeepsTheHardRulesAtEveryWaveInEveryMode() {
        for (long seed = 1; seed <= 4; seed++) {
            PoolSnapshot pool = ScenarioGenerator.generate(5, 45, seed);
            for (Mode mode : List.of(Mode.balance(), Mode.consolidate(), Mode.evacuate("h00"))) {
                Plan plan = planner.plan(pool, request(mode).withSeed(seed).withMoveLimit(8_000));
                List<List<Migration>> waves = plan.waves().stream()
                        .map(w -> w.steps().stream().map(s -> new Migration(s.vmId(), s.fromHostId(), s.toHostId(),
                                s.memoryBytes(), Migration.Kind.DIRECT)).toList())
                        .toList();
                StepSequencerTest.assertFeasibleReplay(pool,
                        new Sequence(waves, List.of(), replay(pool, plan).placement()),
                        mode instanceof Mode.Evacuate e ? e.hostId() : null);
                assertThat(plan.score().executed()).as("seed %d %s", seed, mode)
                        .isGreaterThanOrEqualTo(plan.score().doNothing());
            }
        }
    }

    @Test
    void evacuatingAnUnknownHostFailsWithTheHostInTheMessage() {
        assertThatThrownBy(() -> planner.plan(hotSpot(), request(Mode.evacuate("nope"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void snapshotInCooldownUsesTheSnapshotTimeNotAClock() {
        PoolSnapshot pool = pool(List.of(host("h1", 4, 8)), List.of(vm("a", 1, 1, 0.1, "h1")
                .withLastMigratedAt(Instant.parse("2026-11-25T09:30:00Z"))));
        assertThat(pool.inCooldown(pool.vms().getFirst())).isTrue();
        PoolSnapshot later = new PoolSnapshot("p", 1, pool.hosts(), pool.vms(), pool.rules(),
                Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(later.inCooldown(later.vms().getFirst())).isFalse();
    }

    @Test
    void vmsInCooldownStayWhenEqualVmsCanMoveInstead() {
        List<VmSpec> vms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            vms.add(vm("recent" + i, 2, 8, 1.5, "h1").withLastMigratedAt(NOW.minus(Duration.ofMinutes(10))));
            vms.add(vm("settled" + i, 2, 8, 1.5, "h1"));
        }
        PoolSnapshot pool = pool(List.of(host("h1", 16, 128), host("h2", 16, 128)), vms);

        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.steps()).extracting(Step::vmId).allMatch(id -> id.startsWith("settled"));
    }
}
