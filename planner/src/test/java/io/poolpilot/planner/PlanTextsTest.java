package io.poolpilot.planner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.poolpilot.planner.Pools.NOW;
import static io.poolpilot.planner.Pools.host;
import static io.poolpilot.planner.Pools.vm;
import static org.assertj.core.api.Assertions.assertThat;

/** What a plan says to an operator: objects by name with the id beside it, and what it could not do. */
class PlanTextsTest {

    private static final Names NAMES = new Names(Map.of("h1", "east-01", "h2", "east-02", "h3", "east-03",
            "db1", "acme-db-1", "db2", "acme-db-2"));

    private final Planner planner = new Planner();

    private static PoolSnapshot pool(List<HostSpec> hosts, List<VmSpec> vms) {
        return new PoolSnapshot("east", 1, hosts, vms, Rules.defaults(), NOW, NAMES);
    }

    private static PlanRequest request(Mode mode) {
        return new PlanRequest(mode, null, Duration.ofSeconds(5), 20_000, 1);
    }

    private static VmSpec db(String id, String host) {
        return vm(id, 4, 8, 3.0, host).withAntiAffinityGroups(new TreeSet<>(List.of("acme-db")));
    }

    @Test
    void reasonsAndTheSummaryNameHostsAndVmsWithTheirIdsBeside() {
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64)),
                List.of(db("db1", "h1"), db("db2", "h1")));
        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.steps()).singleElement().satisfies(step ->
                assertThat(step.reason().summary()).isEqualTo("spread anti-affinity group acme-db off host east-01 (h1)"));
        assertThat(plan.explanation()).contains("now: 2 VMs of anti-affinity group acme-db share host east-01 (h1)");
        assertThat(plan.explanation().getFirst()).startsWith("mode balance, pool east inventory v1");
    }

    @Test
    void aConflictThatOnlyAnOverloadCouldResolveStaysAndThePlanSaysSo() {
        // The only host without an acme-db member is east-02 at 7.5 of 10 cores: a 3-core replica would take
        // it to 105 %. The planner leaves the conflict rather than push east-02 over the threshold, and
        // still moves what pays: "small" from east-01 to east-03.
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64), host("h3", 10, 64)),
                List.of(db("db1", "h1"), db("db2", "h1"), db("db3", "h3"), vm("busy", 8, 8, 7.5, "h2"),
                        vm("small", 2, 4, 2.0, "h1")));
        Plan plan = planner.plan(pool, request(Mode.balance()));

        assertThat(plan.steps()).extracting(Step::vmId).doesNotContain("db1", "db2");
        assertThat(plan.after().get("h2").cpuUtilisation()).isLessThanOrEqualTo(0.8);
        assertThat(plan.steps()).extracting(Step::vmId).containsExactly("small");
        assertThat(plan.explanation()).contains("still after the plan: 2 VMs of anti-affinity group acme-db share"
                + " host east-01 (h1) (not resolvable within the budget and the thresholds)");
    }

    @Test
    void anEvacuationWithNoRoomUnderTheThresholdGoesAheadAndTheStepSaysWhichHostItOverloads() {
        PoolSnapshot pool = pool(List.of(host("h1", 10, 64), host("h2", 10, 64)),
                List.of(vm("db1", 4, 8, 3.0, "h1"), vm("busy", 8, 8, 7.0, "h2")));
        Plan plan = planner.plan(pool, request(Mode.evacuate("h1")));

        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.toHostId()).isEqualTo("h2");
            assertThat(step.reason().summary()).isEqualTo("evacuate: host east-01 (h1) is being evacuated; evacuation"
                    + " leaves no other choice: host east-02 (h2) goes to 100.0% CPU, over its 80.0% threshold (70.0%"
                    + " before the plan), as no host has room under it for the VMs leaving east-01 (h1)");
        });
        assertThat(plan.explanation()).anySatisfy(l -> assertThat(l).startsWith(
                "evacuation leaves no other choice: host east-02 (h2) goes to 100.0% CPU"));
    }
}
