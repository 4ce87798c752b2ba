package io.poolpilot.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Scenario files: the shipped ones load with the promised sizes; bad ones fail naming line and field. */
class ScenarioLoaderTest {
    private static Path repoFile(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + here);
    }

    @Test
    void demoHasTwoPoolsEightHostsAndAboutOneHundredTwentyVms() {
        Scenario demo = ScenarioLoader.load(repoFile("config/scenarios/demo.yaml"));
        assertThat(demo.pools()).hasSize(2);
        assertThat(demo.hostCount()).isEqualTo(8);
        assertThat(demo.vmCount()).isBetween(110, 130);
        assertThat(demo.pools().getFirst().vms()).anySatisfy(vm ->
                assertThat(vm.otherConfig()).containsKeys("billing_account", "anti_affinity_group"));
        assertThat(demo.pools().stream().flatMap(p -> p.vms().stream()).map(v -> v.workload().getClass().getSimpleName()).distinct())
                .contains("Steady", "Diurnal", "Bursty", "Noisy", "Ramp");
    }

    @Test
    void largeHasSixtyFourHostsWithFiftyVmsEach() {
        Scenario large = ScenarioLoader.load(repoFile("config/scenarios/large.yaml"));
        assertThat(large.hostCount()).isEqualTo(64);
        assertThat(large.vmCount()).isEqualTo(64 * 50);
    }

    @Test
    void countExpandsIntoNumberedNames() {
        Scenario s = ScenarioLoader.loadResource("scenarios/small.yaml");
        assertThat(s.pools().getFirst().hostNames()).containsExactly("h-01", "h-02", "h-03");
        assertThat(s.pools().getFirst().vms().getFirst().names()).containsExactly("busy-01", "busy-02", "busy-03");
    }

    @Test
    void badValueNamesLineAndField() {
        String yaml = """
                name: bad
                seed: 1
                pools:
                  - name: p
                    password: x
                    hosts:
                      - {name: h, cores: 0, memoryGiB: 8}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("bad.yaml: line 7")
                .hasMessageContaining("pools[0].hosts[0]")
                .hasMessageContaining("cores must be between 1 and 1024 but was 0");
    }

    @Test
    void unknownFieldIsRejectedWithItsLine() {
        String yaml = """
                name: bad
                pools:
                  - name: p
                    password: x
                    hosts:
                      - {name: h, cores: 2, memoryGiB: 8, colour: blue}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml"))
                .hasMessageContaining("line 6").hasMessageContaining("colour");
    }

    @Test
    void vmOnUnknownHostIsRejectedNamingTheHost() {
        String yaml = """
                name: bad
                pools:
                  - name: p
                    password: x
                    hosts: [{name: h, cores: 2, memoryGiB: 8}]
                    vms: [{name: v, host: elsewhere, vcpus: 1, memoryGiB: 1}]
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml"))
                .hasMessageContaining("unknown host 'elsewhere'");
    }

    @Test
    void unknownWorkloadPatternIsRejected() {
        String yaml = """
                name: bad
                pools:
                  - name: p
                    password: x
                    hosts: [{name: h, cores: 2, memoryGiB: 8}]
                    vms: [{name: v, vcpus: 1, memoryGiB: 1, workload: {pattern: chaotic}}]
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml"))
                .hasMessageContaining("line 6").hasMessageContaining("chaotic");
    }

    @Test
    void malformedYamlNamesTheLine() {
        String yaml = "name: bad\npools:\n  - name: [unclosed\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("bad.yaml: line");
    }

    @Test
    void scriptedFaultMustNameAKnownHost() {
        String yaml = """
                name: bad
                pools:
                  - name: p
                    password: x
                    hosts: [{name: h, cores: 2, memoryGiB: 8}]
                faults:
                  - {atSeconds: 5, fault: {type: host-crash, host: ghost}}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "bad.yaml")).hasMessageContaining("unknown host 'ghost'");
    }
}
