package io.poolpilot.daemon.manage;

import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.SimulatedPools;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's readiness follows its database: not ready within one probe interval of an outage (with the reason in
 * the body), ready again once the database is back; the API's answers meanwhile name no internal address.
 */
class ReadinessDuringOutageTest {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Simulator simulator;
    private EmbeddedDatabase database;
    private DaemonRuntime daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (database != null) {
            database.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void readinessGoesDownWithinOneProbeIntervalOfADatabaseOutageAndUpAfterIt() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/collect.yaml"),
                SimulatorOptions.defaults().withFirstPoolOctet(77).withAdminPort(-1));
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        int port = database.port();
        DaemonConfig config = new DaemonConfig(work, 0,
                new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", null),
                new CollectConfig(1, 2, 2, 5, 16, "billing_account"), new JournalSettings(null, 48), 15,
                SimulatedPools.configs(simulator, work),
                TestDaemon.config(simulator, work, c -> c, new TestDaemon.Token("ops", "ops-secret", "operator")).control());
        daemon = DaemonRuntime.start(config, Map.of(), Clock.systemUTC());
        Await.until(Duration.ofSeconds(60), "the daemon is ready", () -> ready().statusCode() == 200);

        database.close();
        database = null;
        long stoppedAt = System.nanoTime();
        Await.until(StorageProbe.MAX_LAG.plus(Duration.ofSeconds(3)), "readiness goes down within one probe interval and timeout",
                () -> ready().statusCode() == 503);
        Duration lag = Duration.ofNanos(System.nanoTime() - stoppedAt);
        HttpResponse<String> down = ready();
        assertThat(down.body()).contains("storage").contains("DOWN");
        HttpResponse<String> apiReady = send("/readyz");
        assertThat(apiReady.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(apiReady.body()).getJsonObject("checks").getString("storage")).startsWith("down");

        HttpResponse<String> pools = send("/v1/alerts"); // read from the database
        assertThat(pools.statusCode()).isEqualTo(503);
        assertThat(pools.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(pools.body()).doesNotContain("127.0.0.1").doesNotContain(Integer.toString(port))
                .doesNotContain("PSQLException");

        database = EmbeddedDatabase.start(work.resolve("db"), port, false);
        Await.until(StorageProbe.INTERVAL.plus(Duration.ofSeconds(30)), "readiness comes back with the database",
                () -> ready().statusCode() == 200);
        System.out.println("readiness went down " + lag.toMillis() + " ms after the database stopped");
    }

    private HttpResponse<String> ready() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.managementPort() + "/readyz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path))
                .header("Authorization", "Bearer ops-secret").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
