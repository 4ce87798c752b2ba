package io.poolpilot.daemon.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DetectConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
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
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledging and silencing alerts through the API over the whole daemon and the simulator: roles,
 * one acknowledgement per alert, silences matching by host and ending early, every change audited.
 */
class AcknowledgeAndSilenceEndToEndTest {

    private static final String VIEWER = "pp_viewer-token-for-silence-tests-00000000000000000000000";
    private static final String OPERATOR = "pp_operator-token-for-silence-tests-000000000000000000000";
    private static final String ADMIN = "pp_admin-token-for-silence-tests-0000000000000000000000000";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/detect.yaml"), SimulatorOptions.defaults()
                .withStartTime(Instant.parse("2026-11-25T08:00:00Z")).withClockRate(5).withFirstPoolOctet(160).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, UnaryOperator.identity(),
                new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("oncall", OPERATOR, "operator"),
                new TestDaemon.Token("root", ADMIN, "admin"))
                .withDetect(new DetectConfig(1, 5));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
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
    void anOperatorSilencesAHostsAlertsUntilTheSilenceIsExpiredAndAcknowledgesAnAlertOnceAllAudited() throws Exception {
        String host = daemon.collectors().get("omega").inventory().hosts().values().stream()
                .filter(h -> h.nameLabel().equals("o-03")).findFirst().orElseThrow().uuid();
        simulator.faults().hostCrash("o-03");
        Await.until(PATIENCE, "host-down and vm-stranded open", () -> open("host-down").size() == 1 && open("vm-stranded").size() == 1);
        JsonNode alert = open("host-down").getFirst();
        assertThat(alert.get("silencedBy")).isEmpty();
        assertThat(alert.has("acknowledgement")).isFalse();

        String silence = "{\"matchers\":{\"hostUuid\":\"" + host + "\"},\"endsAt\":\"2099-01-01T00:00:00Z\","
                + "\"comment\":\"o-03 is being replaced\"}";
        assertThat(send(VIEWER, "POST", "/v1/silences", silence).statusCode()).isEqualTo(403);
        HttpResponse<String> created = send(OPERATOR, "POST", "/v1/silences", silence);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode made = JSON.readTree(created.body());
        String silenceId = made.get("id").asText();
        assertThat(made.get("state").asText()).isEqualTo("active");
        assertThat(made.get("createdBy").asText()).isEqualTo("oncall");

        // The host's alert is muted, still stored and served; the stranded VM's alert names the VM only.
        assertThat(open("host-down").getFirst().get("silencedBy").get(0).asText()).isEqualTo(silenceId);
        assertThat(open("vm-stranded").getFirst().get("silencedBy")).isEmpty();
        JsonNode listed = JSON.readTree(send(VIEWER, "GET", "/v1/silences?state=active", null).body());
        assertThat(listed.get("items")).hasSize(1);
        assertThat(JSON.readTree(send(VIEWER, "GET", "/v1/silences?state=expired", null).body()).get("items")).isEmpty();

        HttpResponse<String> expired = send(OPERATOR, "POST", "/v1/silences/" + silenceId + "/expire", null);
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);
        assertThat(JSON.readTree(expired.body()).get("state").asText()).isEqualTo("expired");
        assertThat(JSON.readTree(expired.body()).get("expiredBy").asText()).isEqualTo("oncall");
        assertThat(send(OPERATOR, "POST", "/v1/silences/" + silenceId + "/expire", null).statusCode()).isEqualTo(409);
        assertThat(open("host-down").getFirst().get("silencedBy")).isEmpty();

        String alertId = alert.get("id").asText();
        assertThat(send(VIEWER, "POST", "/v1/alerts/" + alertId + "/acknowledge", "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> acked = send(OPERATOR, "POST", "/v1/alerts/" + alertId + "/acknowledge",
                "{\"note\":\"looking at the BMC\"}");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        JsonNode ack = JSON.readTree(acked.body()).get("acknowledgement");
        assertThat(ack.get("by").asText()).isEqualTo("oncall");
        assertThat(ack.get("note").asText()).isEqualTo("looking at the BMC");
        assertThat(open("host-down").getFirst().get("acknowledgement").get("by").asText()).isEqualTo("oncall");
        HttpResponse<String> again = send(OPERATOR, "POST", "/v1/alerts/" + alertId + "/acknowledge", "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("acknowledged already by oncall");
        assertThat(send(OPERATOR, "POST", "/v1/alerts/999999/acknowledge", "{}").statusCode()).isEqualTo(404);

        String audit = send(ADMIN, "GET", "/v1/audit?limit=100", null).body();
        assertThat(audit).contains("\"alert.acknowledge\"").contains("\"alert/" + alertId + "\"")
                .contains("\"silence.create\"").contains("\"silence.expire\"").contains("\"silence/" + silenceId + "\"");
        assertThat(audit.split("\"silence.create\"", -1)).hasSize(2); // the viewer's refused attempt is not recorded

        simulator.faults().hostRecover("o-03");
        Await.until(PATIENCE, "host-down cleared", () -> open("host-down").isEmpty());
    }

    private static List<JsonNode> open(String kind) {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(send(VIEWER, "GET", "/v1/alerts?state=open&kind=" + kind, null).body()).get("items").forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String token, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.control().apiPort() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
