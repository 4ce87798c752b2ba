package io.poolpilot.bench;

import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.daemon.Main;
import io.poolpilot.planner.Planner;
import io.poolpilot.simulator.SimulatorMain;
import io.poolpilot.xapi.metrics.RrdUpdatesParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Benchmarks live in bench/ only: no class of the shipped modules' main artifacts is one. */
class ShippedCodeHoldsNoBenchmarkTest {

    @ParameterizedTest
    @ValueSource(classes = {Main.class, TokenDigest.class, Planner.class, SimulatorMain.class, RrdUpdatesParser.class})
    void shippedModuleHoldsNoBenchmarkClass(Class<?> member) throws IOException, URISyntaxException {
        Path artifact = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classes = classesIn(artifact);

        assertThat(classes).as("classes of %s", artifact).isNotEmpty().contains(member.getName().replace('.', '/') + ".class");
        assertThat(classes).as("benchmark code in %s (it belongs in bench/)", artifact)
                .noneMatch(name -> name.contains("/bench/") || name.matches(".*Bench(mark)?[$.].*")
                        || name.startsWith("org/openjdk/jmh/"));
    }

    private static List<String> classesIn(Path artifact) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(artifact)) {
            try (Stream<Path> files = Files.walk(artifact)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> names.add(artifact.relativize(p).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(artifact.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(names::add);
            }
        }
        return names;
    }
}
