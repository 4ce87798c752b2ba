package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.simulator.scenario.Scenario;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scenarios under config/scenarios start, and the demo is visibly imbalanced in its metrics. */
class ShippedScenariosTest {
    private static Scenario shipped(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path file = p.resolve("config/scenarios").resolve(name);
            if (Files.exists(file)) {
                return ScenarioLoader.load(file);
            }
        }
        throw new AssertionError("config/scenarios/" + name + " not found");
    }

    @Test
    void demoStartsAndItsCrowdedHostIsSaturatedWhileAnotherIsIdle() throws Exception {
        try (Simulator sim = Simulator.start(shipped("demo.yaml"), TestSims.options())) {
            PoolEndpoint east = sim.pool("east");
            RawXapi xapi = new RawXapi(east.masterUrl());
            String session = xapi.login(east.password());
            long start = sim.clock().instant().getEpochSecond() - 30;
            RrdClient.Xport crowded = RrdClient.fetch(east.host("east-01").url(), session, start);
            RrdClient.Xport idle = RrdClient.fetch(east.host("east-04").url(), session, start);
            assertThat(crowded.latest(":cpu_avg")).isGreaterThan(0.8);
            assertThat(crowded.latest(":loadavg")).isGreaterThan(32.0);
            assertThat(idle.latest(":cpu_avg")).isLessThan(0.1);
            assertThat(sim.pools()).hasSize(2);
            assertThat(sim.pools().stream().mapToInt(p -> p.hosts().size()).sum()).isEqualTo(8);
        }
    }

    @Test
    void largeStartsWithFiftyGuestsOnEachOfSixtyFourHosts() {
        try (Simulator sim = Simulator.start(shipped("large.yaml"), TestSims.options().withAdminPort(-1))) {
            PoolEndpoint large = sim.pools().getFirst();
            assertThat(large.hosts()).hasSize(64);
            RawXapi xapi = new RawXapi(large.masterUrl());
            String session = xapi.login(large.password());
            var hosts = xapi.allRecords(session, "host");
            assertThat(hosts.values()).allSatisfy(h -> assertThat((Object[]) h.get("resident_VMs")).hasSize(51));
        }
    }
}
