package io.poolpilot.daemon;

import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import io.poolpilot.daemon.fixtures.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole data path over real parts: the simulator over sockets, the collectors, the Chronicle
 * journal, the DB writer and an embedded PostgreSQL. Simulated time runs 10x, the daemon's clock
 * is the simulator's, and collection polls every second (5 s of simulated time).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectionEndToEndTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

    @TempDir
    static Path work;
    private static Simulator simulator;
    private static DaemonRuntime daemon;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/collect.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(5).withFirstPoolOctet(60)
                        .withAdminPort(-1));
        List<PoolConfig> pools = io.poolpilot.daemon.fixtures.SimulatedPools.configs(simulator, work);
        DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                new CollectConfig(1, 2, 2, 5, 16, "billing_account"), new JournalSettings(null, 48), 15, pools,
                ControlConfig.defaults().withApiPort(0)); // any free port: 8080 may be another daemon's
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void everyRunningVmAndEveryHostGetsRowsWithTheirInventory() {
        await("rows for all 7 running VMs and 4 hosts", () ->
                count("select count(distinct vm_id) from vm_sample") == 7
                        && count("select count(distinct host_id) from host_sample") == 4
                        && count("select min(n) from (select count(*) n from vm_sample group by vm_id) c") >= 3);
        assertThat(count("select count(*) from pool")).isEqualTo(2);
        assertThat(count("select count(*) from vm")).isEqualTo(8);
        assertThat(count("select count(*) from vm where billing_account = 'acme'")).isEqualTo(4);
        assertThat(count("select count(*) from vm where power_state = 'halted'")).isEqualTo(1);
        assertThat(count("select count(*) from vm where labels->>'anti_affinity_group' = 'web'")).isEqualTo(4);
        // Steady workloads at 50% of 2 vCPUs: the stored CPU is what the simulator delivers.
        assertThat(number("select avg(s.cpu_used_cores) from vm_sample s join vm v using (vm_id) where v.name like 'web%'"))
                .isBetween(0.9, 1.1);
    }

    @Test
    @Order(2)
    void noVmInstantIsStoredTwice() {
        assertThat(count("select count(*) from (select vm_id, ts from vm_sample group by 1, 2 having count(*) > 1) d"))
                .isZero();
        assertThat(count("select count(*) from (select host_id, ts from host_sample group by 1, 2 having count(*) > 1) d"))
                .isZero();
    }

    @Test
    @Order(3)
    void managementPortServesReadinessAndPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.managementPort() + "/readyz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        // Each condition by name: collection/<pool>, storage, journal (README, Health).
        assertThat(ready.body()).contains("\"id\":\"alpha\"").contains("\"state\":\"synced\"")
                .contains("\"id\":\"storage\"");
        // One API request, so Vert.x's own HTTP server meters have the API's route on the same scrape.
        var api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + "/v1/pools"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        var metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.managementPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("poolpilot_collect_samples_total").contains("poolpilot_journal_backlog")
                .containsPattern("vertx_http_server_requests_total\\{[^}]*code=\"401\"[^}]*route=\"[^\"]*/v1/pools\"");
        // Control domains are filtered by the collector, so the writer never meets an unknown VM.
        assertThat(daemon.registry().find("poolpilot.store.rows.skipped").tag("reason", "unknown_vm").counter().count())
                .isZero();
        assertThat(daemon.registry().find("poolpilot.collect.samples.skipped").tag("reason", "control_domain")
                .counter().count()).isPositive();
    }

    @Test
    @Order(4)
    void aCrashedHostIsRetriedWhileTheOthersKeepCollecting() {
        simulator.faults().hostCrash("a-03");
        long webRowsBefore = count("select count(*) from vm_sample s join vm v using (vm_id) where v.name like 'web%'");
        await("web VMs on a-01/a-02 keep getting rows", () ->
                count("select count(*) from vm_sample s join vm v using (vm_id) where v.name like 'web%'")
                        >= webRowsBefore + 4 * 3);
        assertThat(daemon.registry().find("poolpilot.collect.host.poll.failures").tag("pool", "alpha").counter())
                .isNotNull()
                .satisfies(c -> assertThat(c.count()).isPositive());
        simulator.faults().hostRecover("a-03");
    }

    @Test
    @Order(5)
    void collectionSurvivesMasterFailover() {
        simulator.faults().masterFailover("alpha", "a-02");
        long before = count("select count(*) from vm_sample");
        Instant failoverAt = simulator.clock().instant();
        await("new rows after the master moved", () ->
                count("select count(*) from vm_sample where ts > '" + failoverAt.plusSeconds(30) + "'") >= 6);
        assertThat(count("select count(*) from vm_sample")).isGreaterThan(before);
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(60), what, condition::getAsBoolean);
    }

    private static long count(String sql) {
        return (long) number(sql);
    }

    private static double number(String sql) {
        try (Connection c = daemon.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
