package io.poolpilot.daemon.demo;

import io.poolpilot.daemon.fixtures.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, as CI can run it: the shipped demo scenario and the shipped config,
 * started the way {@code ./poolpilot demo} starts them (only the ports are chosen freely here).
 */
class DemoSmokeTest {

    @Test
    void theReadmeDemoCollectsBothPoolsAndServesItsApiWithTheDemoToken(@TempDir Path work) throws Exception {
        try (Demo.Running demo = Demo.start(Path.of("../config/scenarios/demo.yaml"), work, 0,
                Path.of("../config/poolpilot.yaml"),
                Map.of("POOLPILOT_MANAGEMENT_PORT", "0", "POOLPILOT_CONTROL_API_PORT", "0"))) {
            await("rows for most of the demo's running VMs", () -> count(demo, "select count(distinct vm_id) from vm_sample") >= 100);
            assertThat(count(demo, "select count(*) from host")).isEqualTo(8);

            String token = Files.readString(work.resolve("secrets/demo-admin-token")).strip();
            HttpResponse<String> pools = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + demo.daemon().apiPort() + "/v1/pools"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pools.statusCode()).isEqualTo(200);
            assertThat(pools.body()).contains("\"east\"").contains("\"west\"");
            // Only the digest of the demo token is kept beside it.
            assertThat(Files.readString(work.resolve("secrets/api-tokens"))).doesNotContain(token);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(90), what, condition::getAsBoolean);
    }

    private static long count(Demo.Running demo, String sql) {
        try (Connection c = demo.daemon().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
