package io.poolpilot.daemon.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DetectConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.StorageAttachment;
import io.poolpilot.xapi.model.StorageRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection end to end over real parts: the simulator over sockets, the whole daemon with its embedded
 * PostgreSQL, alerts read through {@code GET /v1/alerts} with a viewer token while faults come and go.
 */
class DetectionEndToEndTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String VIEWER = "pp_viewer-token-for-detect-tests-000000000000000000000000";
    private static final String ADMIN = "pp_admin-token-for-detect-tests-0000000000000000000000000";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static final List<ServerEvent> published = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/detect.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(5).withFirstPoolOctet(140).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, UnaryOperator.identity(),
                new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("root", ADMIN, "admin"))
                .withDetect(new DetectConfig(1, 5));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        daemon.control().events().subscribe(null, published::add);
        Await.until(PATIENCE, "omega synced and leased", () -> daemon.collectors().get("omega").inventory() != null
                && daemon.control().holdsLease("omega"));
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
    void aCrashedHostRaisesHostDownAndStrandsItsGuestsUntilItRecovers() {
        String host = hostUuid("o-03");
        simulator.faults().hostCrash("o-03");

        JsonNode raised = awaitAlert("host-down", host, false);
        assertThat(raised.get("severity").asText()).isEqualTo("critical");
        assertThat(raised.get("poolId").asText()).isEqualTo("omega");
        assertThat(raised.get("message").asText()).contains("o-03").contains(host);
        assertThat(openGauge("host-down")).isEqualTo(1);
        // The guest XAPI still shows running there is stranded: one critical alert naming it.
        Await.until(PATIENCE, "vm-stranded for the guest on o-03", () -> openAlerts("vm-stranded").size() == 1);
        assertThat(openAlerts("vm-stranded").getFirst().get("message").asText()).contains("o-03").contains("quiet");

        simulator.faults().hostRecover("o-03");

        JsonNode cleared = awaitAlert("host-down", host, true);
        assertThat(cleared.get("id").asText()).isEqualTo(raised.get("id").asText());
        assertThat(openAlerts("host-down")).isEmpty();
        // Back without HA, XAPI halts the guest: it is no longer stranded.
        Await.until(PATIENCE, "vm-stranded cleared", () -> openAlerts("vm-stranded").isEmpty());
        assertThat(events("alert.raised", host)).isEqualTo(1);
        Await.until(PATIENCE, "alert.cleared published", () -> events("alert.cleared", host) == 1);
    }

    @Test
    void lostStorageRaisesStorageLostUntilThePbdIsPluggedAgainAndAnAdvisoryPolicyProposesToEvacuate() {
        String subject = StorageLostRule.subject(srUuid("omega-nfs"), hostUuid("o-02"));
        assertThat(send("PUT", "/v1/pools/omega/policy", policy("advisory")).statusCode()).isEqualTo(200);
        try {
            simulator.faults().srLoss("omega-nfs", "o-02");

            JsonNode raised = awaitAlert("storage-lost", subject, false);
            assertThat(raised.get("severity").asText()).isEqualTo("critical");
            assertThat(raised.get("message").asText()).contains("omega-nfs").contains("o-02");
            assertThat(openAlerts("storage-lost")).hasSize(1);

            // The policy's answer: a plan to evacuate o-02, waiting for an operator (advisory).
            JsonNode[] plan = new JsonNode[1];
            Await.until(PATIENCE, "an evacuation plan proposed by the advisory policy", () -> {
                for (JsonNode p : json(send("GET", "/v1/pools/omega/plans", null)).get("items")) {
                    if (p.get("mode").asText().equals("evacuate") && p.get("steps").size() > 0) {
                        plan[0] = p;
                        return true;
                    }
                }
                return false;
            });
            assertThat(plan[0].get("createdBy").asText()).isEqualTo("policy-advisory");
            assertThat(plan[0].get("hostId").asText()).isEqualTo(hostUuid("o-02"));
            assertThat(plan[0].get("state").asText()).isEqualTo("proposed");
            assertThat(plan[0].get("stateReason").asText()).contains("omega-nfs").contains("storage-lost");
            assertThat(plan[0].get("steps")).allSatisfy(step ->
                    assertThat(step.get("fromHostUuid").asText()).isEqualTo(hostUuid("o-02")));
        } finally {
            assertThat(send("PUT", "/v1/pools/omega/policy", policy("manual")).statusCode()).isEqualTo(200);
        }

        simulator.faults().srRestore("omega-nfs", "o-02");
        double seen = evaluations();
        Await.until(PATIENCE, "two more evaluations after sr-restore", () -> evaluations() >= seen + 2);
        assertThat(openAlerts("storage-lost")).as("XAPI leaves the PBD detached until PBD.plug").hasSize(1);
        plug("omega-nfs", "o-02");

        awaitAlert("storage-lost", subject, true);
        assertThat(openAlerts("storage-lost")).isEmpty();
        assertThat(daemon.registry().counter(MetricNames.DETECT_ALERTS_RAISED, "pool", "omega",
                MetricNames.TAG_KIND, "storage-lost").count()).isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Waits until GET /v1/alerts shows the alert about {@code subject} open (or cleared); returns it. */
    private static JsonNode awaitAlert(String kind, String subject, boolean cleared) {
        JsonNode[] found = new JsonNode[1];
        Await.until(PATIENCE, kind + " about " + subject + (cleared ? " cleared" : " open"), () -> {
            for (JsonNode alert : alerts()) {
                if (alert.get("kind").asText().equals(kind) && alert.get("subject").asText().equals(subject)
                        && (alert.hasNonNull("clearedAt") == cleared)) {
                    found[0] = alert;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The pool's open alerts of a kind, as the API filters them (every one checked to pass the filter). */
    private static List<JsonNode> openAlerts(String kind) {
        List<JsonNode> out = new ArrayList<>();
        alerts("&state=open&pool=omega&kind=" + kind).forEach(a -> {
            assertThat(a.get("kind").asText()).isEqualTo(kind);
            assertThat(a.get("poolId").asText()).isEqualTo("omega");
            assertThat(a.hasNonNull("clearedAt")).as("filtered to open alerts: " + a).isFalse();
            out.add(a);
        });
        return out;
    }

    /** A policy body; its imbalance trigger is out of reach, so only the storage answer can propose. */
    private static String policy(String mode) {
        return "{\"mode\":\"" + mode + "\",\"limits\":{\"migrationsPerHour\":10,\"gibPerHour\":64},"
                + "\"advisory\":{\"imbalanceThreshold\":0.95,\"sustainedSeconds\":3600}}";
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static JsonNode alerts() {
        return alerts("");
    }

    private static JsonNode alerts(String filter) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + daemon.apiPort() + "/v1/alerts?limit=100" + filter))
                    .header("Authorization", "Bearer " + VIEWER).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).get("items");
        } catch (Exception e) {
            throw new AssertionError("GET /v1/alerts: " + e, e);
        }
    }

    private static double evaluations() {
        return daemon.registry().counter(MetricNames.DETECT_EVALUATIONS, "pool", "omega").count();
    }

    private static double openGauge(String kind) {
        return daemon.registry().get(MetricNames.DETECT_ALERTS_OPEN).tags("pool", "omega", MetricNames.TAG_KIND, kind)
                .gauge().value();
    }

    private static long events(String type, String subject) {
        return published.stream().filter(e -> e.type().equals(type) && subject.equals(e.data().get("subject"))).count();
    }

    private static String hostUuid(String name) {
        return daemon.collectors().get("omega").inventory().hosts().values().stream()
                .filter(h -> h.nameLabel().equals(name)).findFirst().map(Host::uuid).orElseThrow();
    }

    private static String srUuid(String name) {
        return daemon.collectors().get("omega").inventory().storageRepositories().values().stream()
                .filter(s -> s.nameLabel().equals(name)).findFirst().map(StorageRepository::uuid).orElseThrow();
    }

    /** PBD.plug over XAPI, as an operator does once the storage is back. */
    private static void plug(String srName, String hostName) {
        PoolEndpoint endpoint = simulator.pool("omega");
        XapiClient client = new XapiClient(XapiSession.login(
                XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "test"));
        try {
            String srRef = client.storageRepositories().values().stream().filter(s -> s.nameLabel().equals(srName))
                    .findFirst().orElseThrow().ref();
            String hostRef = client.hosts().values().stream().filter(h -> h.nameLabel().equals(hostName))
                    .findFirst().orElseThrow().ref();
            StorageAttachment pbd = client.storageAttachments().values().stream()
                    .filter(p -> p.storageRepository().equals(srRef) && p.host().equals(hostRef)).findFirst().orElseThrow();
            client.session().call("PBD.plug", pbd.ref());
        } finally {
            client.session().close();
        }
    }
}
