package io.poolpilot.daemon.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DetectConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.StorageAttachment;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer to a pool-wide storage loss, end to end: the simulator over sockets, the whole daemon with its
 * embedded PostgreSQL, answers read and decided through the API. sigma-nfs (three guests) is lost on every
 * host; sigma-iscsi's two guests must never be touched. Simulated time runs 5x, the grace period is 40 s.
 */
class StorageLossAnswersEndToEndTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String VIEWER = "pp_viewer-token-for-answer-tests-00000000000000000000000";
    private static final String ADMIN = "pp_admin-token-for-answer-tests-000000000000000000000000";
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final int GRACE_SECONDS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NFS_VMS = List.of("nfsvm-01", "nfsvm-02", "nfsvm-03");
    private static final List<String> ISCSI_VMS = List.of("iscsivm-01", "iscsivm-02");

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonConfig config;
    static DaemonRuntime daemon;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/answers.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(5).withFirstPoolOctet(150).withAdminPort(-1));
        config = TestDaemon.config(simulator, work, UnaryOperator.identity(),
                new TestDaemon.Token("watcher", VIEWER, "viewer"), new TestDaemon.Token("root", ADMIN, "admin"))
                .withDetect(new DetectConfig(1, 5, GRACE_SECONDS));
        startDaemon();
    }

    private static void startDaemon() {
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        Await.until(PATIENCE, "sigma synced and leased", () -> daemon.collectors().get("sigma").inventory() != null
                && daemon.control().holdsLease("sigma"));
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

    /** Every test leaves the SR attached, its alert cleared and every guest running. */
    @AfterEach
    void storageBackAndEveryGuestRunning() {
        assertThat(send("PUT", "/v1/pools/sigma/policy", policy("manual")).statusCode()).isEqualTo(200);
        simulator.faults().srRestore("sigma-nfs", null);
        plugAll("sigma-nfs");
        Await.until(PATIENCE, "storage-lost-pool cleared", () -> openAlerts().isEmpty());
        withClient(client -> {
            for (Vm vm : client.vms().values()) {
                if (vm.isGuest() && vm.powerState() == PowerState.HALTED) {
                    try {
                        client.vmStart(vm.ref(), false, false);
                    } catch (RuntimeException startedMeanwhile) {
                        // a restart answer may have started it since the list was read
                    }
                }
            }
            return null;
        });
    }

    @Test
    void aManualPoolIsOnlyAlertedAndNothingIsShutDown() {
        assertThat(send("PUT", "/v1/pools/sigma/policy", policy("manual")).statusCode()).isEqualTo(200);
        int before = answers().size();
        simulator.faults().srLoss("sigma-nfs", null);

        JsonNode alert = awaitOpenAlert();
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("subject").asText()).isEqualTo(srUuid("sigma-nfs"));
        assertThat(alert.get("message").asText()).contains("sigma-nfs").contains("3 running VMs").contains("nfsvm-01");
        Instant due = Instant.parse(alert.get("raisedAt").asText()).plusSeconds(GRACE_SECONDS + 10);
        Await.until(PATIENCE, "simulated time past the grace period", () -> simulator.clock().instant().isAfter(due));

        assertThat(answers()).hasSize(before);
        assertThat(powerStates()).allSatisfy((vm, state) -> assertThat(state).as(vm).isEqualTo(PowerState.RUNNING));
    }

    @Test
    void storageBackInsideTheGracePeriodCancelsTheAnswerAndShutsNothingDown() {
        assertThat(send("PUT", "/v1/pools/sigma/policy", policy("automatic")).statusCode()).isEqualTo(200);
        simulator.faults().srLoss("sigma-nfs", null);
        JsonNode alert = awaitOpenAlert();
        JsonNode waiting = awaitAnswer(alert, "shutdown-vms", "waiting");
        assertThat(Instant.parse(waiting.get("dueAt").asText()))
                .isEqualTo(Instant.parse(alert.get("raisedAt").asText()).plusSeconds(GRACE_SECONDS));

        simulator.faults().srRestore("sigma-nfs", null);
        plugAll("sigma-nfs");

        JsonNode cancelled = awaitAnswer(alert, "shutdown-vms", "cancelled");
        assertThat(cancelled.get("stateReason").asText()).contains("grace period");
        assertThat(cancelled.get("steps")).isEmpty();
        Instant due = Instant.parse(waiting.get("dueAt").asText()).plusSeconds(10);
        Await.until(PATIENCE, "simulated time past the grace period", () -> simulator.clock().instant().isAfter(due));
        assertThat(powerStates()).allSatisfy((vm, state) -> assertThat(state).as(vm).isEqualTo(PowerState.RUNNING));
        assertThat(answersOf(alert)).as("one answer for the alert, no restart").hasSize(1);
    }

    @Test
    void anAdvisoryPoolIsProposedTheShutdownOfExactlyTheVmsOnTheSrAndTheirRestartOnceItIsBack() {
        assertThat(send("PUT", "/v1/pools/sigma/policy", policy("advisory")).statusCode()).isEqualTo(200);
        simulator.faults().srLoss("sigma-nfs", null);
        JsonNode alert = awaitOpenAlert();

        JsonNode proposed = awaitAnswer(alert, "shutdown-vms", "proposed");
        assertThat(vmNames(proposed)).containsExactlyInAnyOrderElementsOf(NFS_VMS);
        assertThat(proposed.get("steps")).allSatisfy(s -> assertThat(s.get("action").asText()).isEqualTo("hard-shutdown"));
        assertThat(powerStates()).as("nothing is done before an operator approves")
                .allSatisfy((vm, state) -> assertThat(state).as(vm).isEqualTo(PowerState.RUNNING));
        // A viewer cannot approve; an operator can.
        assertThat(send("POST", "/v1/answers/" + proposed.get("id").asText() + "/approve", "{}", VIEWER).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/v1/answers/" + proposed.get("id").asText() + "/approve",
                "{\"reason\":\"the NFS filer is down for an hour\"}").statusCode()).isEqualTo(200);

        JsonNode done = awaitAnswer(alert, "shutdown-vms", "succeeded");
        assertThat(done.get("decidedBy").asText()).isEqualTo("root");
        assertThat(done.get("steps")).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("done"));
        assertHalted(NFS_VMS);
        assertThat(auditCount("answer.approve", "answer/" + done.get("id").asText())).isEqualTo(1);
        // Approving again is refused: an answer runs once.
        assertThat(send("POST", "/v1/answers/" + done.get("id").asText() + "/approve", "{}").statusCode()).isEqualTo(409);

        simulator.faults().srRestore("sigma-nfs", null);
        plugAll("sigma-nfs");
        JsonNode restart = awaitAnswer(alert, "restart-vms", "proposed");
        assertThat(vmNames(restart)).containsExactlyInAnyOrderElementsOf(NFS_VMS);
        assertThat(send("POST", "/v1/answers/" + restart.get("id").asText() + "/approve", "{}").statusCode()).isEqualTo(200);
        awaitAnswer(alert, "restart-vms", "succeeded");
        assertThat(powerStates()).allSatisfy((vm, state) -> assertThat(state).as(vm).isEqualTo(PowerState.RUNNING));
    }

    @Test
    void anAutomaticPoolShutsTheVmsDownOnceEvenAcrossADaemonRestartAndRestartsThemWhenTheSrReturns() {
        assertThat(send("PUT", "/v1/pools/sigma/policy", policy("automatic")).statusCode()).isEqualTo(200);
        // The first shutdown call never answers: the daemon is stopped with that step running.
        simulator.faults().hangCalls("Async.VM.hard_shutdown");
        simulator.faults().srLoss("sigma-nfs", null);
        JsonNode alert = awaitOpenAlert();
        JsonNode running = awaitAnswer(alert, "shutdown-vms", "running");
        Await.until(PATIENCE, "a step running", () -> answersOf(alert).getFirst().get("steps").findValuesAsText("status")
                .contains("running"));
        daemon.close();
        simulator.faults().slowCalls(Duration.ofMillis(1), "Async.VM.hard_shutdown"); // answers again (last fault wins)

        startDaemon();

        JsonNode done = awaitAnswer(alert, "shutdown-vms", "succeeded");
        assertThat(done.get("id").asText()).isEqualTo(running.get("id").asText());
        assertThat(done.get("decidedBy").asText()).isEqualTo("policy-automatic");
        assertThat(vmNames(done)).containsExactlyInAnyOrderElementsOf(NFS_VMS);
        assertHalted(NFS_VMS);
        for (JsonNode step : done.get("steps")) {
            assertThat(auditCount("vm.hard-shutdown", "vm/" + step.get("vmUuid").asText())).as(step.toString()).isEqualTo(1);
        }
        assertThat(answersOf(alert)).as("still one shutdown answer for the alert").hasSize(1);

        simulator.faults().srRestore("sigma-nfs", null);
        plugAll("sigma-nfs");
        JsonNode restarted = awaitAnswer(alert, "restart-vms", "succeeded");
        assertThat(restarted.get("decidedBy").asText()).isEqualTo("policy-automatic");
        assertThat(vmNames(restarted)).containsExactlyInAnyOrderElementsOf(NFS_VMS);
        assertThat(powerStates()).allSatisfy((vm, state) -> assertThat(state).as(vm).isEqualTo(PowerState.RUNNING));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void assertHalted(List<String> halted) {
        Map<String, PowerState> states = powerStates();
        halted.forEach(vm -> assertThat(states.get(vm)).as(vm).isEqualTo(PowerState.HALTED));
        ISCSI_VMS.forEach(vm -> assertThat(states.get(vm)).as(vm + " is on the other SR").isEqualTo(PowerState.RUNNING));
    }

    private static JsonNode awaitOpenAlert() {
        Await.until(PATIENCE, "storage-lost-pool open", () -> openAlerts().size() == 1);
        return openAlerts().getFirst();
    }

    private static List<JsonNode> openAlerts() {
        List<JsonNode> out = new ArrayList<>();
        json(send("GET", "/v1/alerts?state=open&pool=sigma&kind=storage-lost-pool", null, VIEWER)).get("items")
                .forEach(out::add);
        return out;
    }

    private static JsonNode awaitAnswer(JsonNode alert, String kind, String state) {
        JsonNode[] found = new JsonNode[1];
        Await.until(PATIENCE, kind + " " + state + " for alert " + alert.get("id").asText(), () -> {
            for (JsonNode a : answersOf(alert)) {
                if (a.get("kind").asText().equals(kind) && a.get("state").asText().equals(state)) {
                    found[0] = a;
                    return true;
                }
            }
            return false;
        });
        // The single-answer route shows the same answer.
        assertThat(json(send("GET", "/v1/answers/" + found[0].get("id").asText(), null, VIEWER)).get("state").asText())
                .isIn(state, "approved", "running", "succeeded", "failed");
        return found[0];
    }

    private static List<JsonNode> answersOf(JsonNode alert) {
        return answers().stream().filter(a -> a.get("alertId").asText().equals(alert.get("id").asText())).toList();
    }

    private static List<JsonNode> answers() {
        List<JsonNode> out = new ArrayList<>();
        json(send("GET", "/v1/answers?pool=sigma&limit=100", null, VIEWER)).get("items").forEach(out::add);
        return out;
    }

    private static List<String> vmNames(JsonNode answer) {
        return answer.get("steps").findValuesAsText("vmName");
    }

    private static long auditCount(String action, String target) {
        long n = 0;
        for (JsonNode e : json(send("GET", "/v1/audit?limit=500", null, ADMIN)).get("items")) {
            if (e.get("action").asText().equals(action) && e.get("target").asText().equals(target)) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, PowerState> powerStates() {
        return withClient(client -> {
            Map<String, PowerState> out = new TreeMap<>();
            client.vms().values().stream().filter(Vm::isGuest).forEach(vm -> out.put(vm.nameLabel(), vm.powerState()));
            return out;
        });
    }

    private static String srUuid(String name) {
        return withClient(client -> client.storageRepositories().values().stream()
                .filter(s -> s.nameLabel().equals(name)).findFirst().orElseThrow().uuid());
    }

    /** PBD.plug on every host, as an operator does once the storage is back. */
    private static void plugAll(String srName) {
        withClient(client -> {
            String srRef = client.storageRepositories().values().stream().filter(s -> s.nameLabel().equals(srName))
                    .findFirst().orElseThrow().ref();
            for (StorageAttachment pbd : client.storageAttachments().values()) {
                if (pbd.storageRepository().equals(srRef) && !pbd.currentlyAttached()) {
                    client.session().call("PBD.plug", pbd.ref());
                }
            }
            return null;
        });
    }

    private static <T> T withClient(java.util.function.Function<XapiClient, T> calls) {
        PoolEndpoint endpoint = simulator.pool("sigma");
        XapiClient client = new XapiClient(XapiSession.login(
                XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "test"));
        try {
            return calls.apply(client);
        } finally {
            client.session().close();
        }
    }

    /** A policy body; its imbalance trigger is out of reach, so only the storage answer acts. */
    private static String policy(String mode) {
        return "{\"mode\":\"" + mode + "\",\"limits\":{\"migrationsPerHour\":10,\"gibPerHour\":64},"
                + "\"advisory\":{\"imbalanceThreshold\":0.95,\"sustainedSeconds\":3600}}";
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, ADMIN);
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
}
