package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Python client built on xmlrpc.client the way XenAPI.py is works against the simulator unchanged. */
class PythonXenApiClientTest {
    private static boolean pythonPresent() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void xenApiStylePythonClientWorksUnchanged() throws Exception {
        assumeTrue(pythonPresent(), "python3 is not installed");
        Path script = Files.createTempFile("xenapi_style_client", ".py");
        try (var in = getClass().getResourceAsStream("/python/xenapi_style_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (Simulator sim = TestSims.small()) {
            PoolEndpoint alpha = sim.pool("alpha");
            Process p = new ProcessBuilder("python3", script.toString(), alpha.masterUrl().toString(),
                    alpha.host("h-02").url().toString(), alpha.password(), "idle", "h-03")
                    .redirectErrorStream(true).start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as(output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("XENAPI-CLIENT-OK").doesNotContain("FAILED");
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
