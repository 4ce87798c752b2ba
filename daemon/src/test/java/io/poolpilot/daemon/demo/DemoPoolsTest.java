package io.poolpilot.daemon.demo;

import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPoolsTest {

    @Test
    void whatTheSimulatorProgramPrintsGivesTheSamePoolsAsTheSimulatorItself() throws Exception {
        try (Simulator simulator = Simulator.start(ScenarioLoader.load(java.nio.file.Path.of("../config/scenarios/demo.yaml")),
                SimulatorOptions.defaults().withFirstPoolOctet(80))) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            io.poolpilot.simulator.SimulatorMain.printEndpoints(simulator,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            DemoPools parsed = DemoPools.parse(printed.toString(StandardCharsets.UTF_8).lines().toList());

            assertThat(parsed).isEqualTo(DemoPools.of(simulator));
            assertThat(parsed.pools()).extracting(DemoPools.Pool::name).containsExactly("east", "west");
            assertThat(parsed.pools()).allSatisfy(p -> assertThat(p.hosts()).isEqualTo(4));
        }
    }
}
