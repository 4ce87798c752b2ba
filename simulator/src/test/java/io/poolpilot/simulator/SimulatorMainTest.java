package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line: options parse into SimulatorOptions, and the banner names every endpoint. */
class SimulatorMainTest {
    @Test
    void optionsParseIntoSimulatorOptions() {
        SimulatorMain.Args args = SimulatorMain.Args.parse(new String[] {"--scenario", "config/scenarios/demo.yaml",
                "--port", "4481", "--clock-rate", "60", "--admin-port", "4482", "--first-pool-octet", "20"});
        assertThat(args.scenario()).isEqualTo(Path.of("config/scenarios/demo.yaml"));
        assertThat(args.options().port()).isEqualTo(4481);
        assertThat(args.options().clockRate()).isEqualTo(60.0);
        assertThat(args.options().adminPort()).isEqualTo(4482);
        assertThat(args.options().firstPoolOctet()).isEqualTo(20);
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> SimulatorMain.Args.parse(new String[] {"--port", "x", "--scenario", "a"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorMain.Args.parse(new String[] {"--clock-rate", "2"}))
                .hasMessageContaining("--scenario is required");
        assertThatThrownBy(() -> SimulatorMain.Args.parse(new String[] {"--scenario", "a", "--clock-rate", "0"}))
                .hasMessageContaining("clockRate must be > 0");
    }

    @Test
    void bannerListsMasterUrlCredentialsAndEveryHost() {
        try (Simulator sim = TestSims.small()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SimulatorMain.printEndpoints(sim, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String banner = bytes.toString(StandardCharsets.UTF_8);
            assertThat(banner).contains(sim.pool("alpha").masterUrl().toString(), "user root", "password test-password",
                    "h-01", "h-02", "h-03", "b-01", sim.adminUrl().toString());
        }
    }

    @Test
    void closeStopsEveryHostPromptly() throws Exception {
        Simulator sim = TestSims.small();
        var url = sim.pool("alpha").host("h-02").url();
        long t0 = System.nanoTime();
        sim.close();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThatThrownBy(() -> new java.net.Socket(url.getHost(), url.getPort()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void scenarioThatOverfillsAHostIsRefusedNamingIt() {
        String yaml = """
                name: overfull
                pools:
                  - name: p
                    password: pw
                    hosts: [{name: small, cores: 4, memoryGiB: 8}]
                    vms: [{name: fat, count: 3, host: small, vcpus: 1, memoryGiB: 4}]
                """;
        var scenario = io.poolpilot.simulator.scenario.ScenarioLoader.parse(yaml, "overfull.yaml");
        assertThatThrownBy(() -> Simulator.start(scenario, TestSims.options()))
                .hasMessageContaining("host 'small'").hasMessageContaining("3 running VMs");
    }
}
