package io.poolpilot.daemon.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VM actions and host maintenance end to end: the real simulator over sockets, the whole daemon with its
 * embedded PostgreSQL, the control API over HTTP. Each test uses its own VM so they need no order.
 */
class VmActionsEndToEndTest {

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_operator-token-for-tests-0000000000000000000000000000";
    private static final String VIEWER = "pp_viewer-token-for-tests-00000000000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static final List<ServerEvent> events = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, String location) {
    }

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/operate.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(90).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work, UnaryOperator.identity(),
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("watcher", VIEWER, "viewer"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        daemon.control().events().subscribe(null, events::add);
        Await.until(Duration.ofSeconds(60), "omega's VMs in the API", () -> vmUuid("off") != null
                && send("GET", "/v1/vms/" + vmUuid("off"), VIEWER, null, null).status() == 200);
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
    void startAndShutdownRunAsOperationsThatEndWithTheVmsNewPowerStateAuditedAndAnnounced() {
        String off = vmUuid("off");
        Answer started = action(off, "{\"action\":\"start\",\"reason\":\"customer asked\"}", null);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        assertThat(started.body().get("state").asText()).isEqualTo("queued");
        assertThat(started.location()).isEqualTo("/v1/operations/" + started.body().get("id").asText());
        JsonNode done = awaitOperation(started.location());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("startedAt").isNull()).isFalse();
        assertThat(done.get("problem").isNull()).isTrue();
        assertThat(xapiVm("off").powerState()).isEqualTo(PowerState.RUNNING);

        JsonNode rebooted = awaitOperation(action(off, "{\"action\":\"reboot\",\"reason\":\"kernel update\"}", null).location());
        assertThat(rebooted.get("state").asText()).isEqualTo("succeeded");
        JsonNode shut = awaitOperation(action(off, "{\"action\":\"shutdown\",\"reason\":\"done for today\"}", null).location());
        assertThat(shut.get("state").asText()).isEqualTo("succeeded");
        assertThat(xapiVm("off").powerState()).isEqualTo(PowerState.HALTED);

        String id = started.body().get("id").asText();
        assertThat(events).anyMatch(e -> e.type().equals("operation.state") && id.equals(e.data().get("operationId"))
                && "succeeded".equals(e.data().get("state")));
        Await.until(Duration.ofSeconds(10), "the start audited with who and why", () ->
                daemon.control().audit().entries(new io.poolpilot.api.model.PageRequest(500, null))
                        .toCompletionStage().toCompletableFuture().get().items().stream().anyMatch(a -> a.action().equals("vm.start")
                        && a.actor().equals("ops") && a.reason().equals("customer asked")
                        && a.target().equals("vm/" + off)));
    }

    @Test
    void anActionThePoolWouldRefuseIsAProblemAndNoOperation() {
        String web = vmUuid("web");
        Answer again = action(web, "{\"action\":\"start\",\"reason\":\"twice\"}", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:vm-bad-power-state");
        assertThat(again.body().get("powerState").asText()).isEqualTo("running");

        Answer noRoom = action(vmUuid("big"), "{\"action\":\"migrate\",\"hostId\":\"" + hostUuid("o-02")
                + "\",\"reason\":\"make room\"}", null);
        assertThat(noRoom.status()).isEqualTo(409);
        assertThat(noRoom.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:host-not-enough-memory");

        Answer viewer = send("POST", "/v1/vms/" + web + "/actions", VIEWER, "{\"action\":\"reboot\",\"reason\":\"x\"}", null);
        assertThat(viewer.status()).isEqualTo(403);
        Answer unknown = action("00000000-0000-4000-8000-000000000000", "{\"action\":\"start\",\"reason\":\"x\"}", null);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstOperationAndRefusesAnotherRequest() {
        String big = vmUuid("big");
        String body = "{\"action\":\"suspend\",\"reason\":\"night\"}";
        Answer first = action(big, body, "night-2026-11-25");
        assertThat(first.status()).isEqualTo(202);
        Answer retry = action(big, body, "night-2026-11-25");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body().get("id").asText()).isEqualTo(first.body().get("id").asText());
        Answer reused = action(big, "{\"action\":\"hard-shutdown\",\"reason\":\"night\"}", "night-2026-11-25");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:idempotency-key-reused");
        assertThat(reused.body().get("operationId").asText()).isEqualTo(first.body().get("id").asText());

        assertThat(awaitOperation(first.location()).get("state").asText()).isEqualTo("succeeded");
        assertThat(xapiVm("big").powerState()).isEqualTo(PowerState.SUSPENDED);
        // A retry after the operation ended still answers it, and suspends nothing twice.
        assertThat(action(big, body, "night-2026-11-25").body().get("state").asText()).isEqualTo("succeeded");
        JsonNode resumed = awaitOperation(action(big, "{\"action\":\"resume\",\"reason\":\"morning\"}", null).location());
        assertThat(resumed.get("state").asText()).isEqualTo("succeeded");
        assertThat(xapiVm("big").powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void migrateMovesTheVmThenMaintenanceDisablesTheHostAndEvacuatesItThroughAPlan() {
        String web = vmUuid("web");
        String o2 = hostUuid("o-02");
        JsonNode moved = awaitOperation(action(web, "{\"action\":\"migrate\",\"hostId\":\"" + o2
                + "\",\"reason\":\"spread\"}", null).location());
        assertThat(moved.get("state").asText()).as(moved.toString()).isEqualTo("succeeded");
        assertThat(moved.get("hostId").asText()).isEqualTo(o2);
        assertThat(xapiVm("web").residentOn()).contains(xapiHost("o-02").ref());

        Answer enter = send("POST", "/v1/hosts/" + o2 + "/maintenance", OPERATOR,
                "{\"action\":\"enter\",\"reason\":\"firmware\"}", null);
        assertThat(enter.status()).as(enter.body().toString()).isEqualTo(202);
        JsonNode entered = awaitOperation(enter.location());
        assertThat(entered.get("state").asText()).as(entered.toString()).isEqualTo("succeeded");
        assertThat(entered.get("planId").isNull()).isFalse();
        assertThat(xapiHost("o-02").enabled()).isFalse();
        assertThat(xapiVm("web").residentOn()).contains(xapiHost("o-01").ref());
        // Disabled: the pool takes no VM there, and the API says so before trying.
        Answer refused = action(web, "{\"action\":\"migrate\",\"hostId\":\"" + o2 + "\",\"reason\":\"back\"}", null);
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:host-disabled");

        JsonNode exited = awaitOperation(send("POST", "/v1/hosts/" + o2 + "/maintenance", OPERATOR,
                "{\"action\":\"exit\",\"reason\":\"firmware done\"}", null).location());
        assertThat(exited.get("state").asText()).isEqualTo("succeeded");
        assertThat(xapiHost("o-02").enabled()).isTrue();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Answer action(String vmUuid, String body, String key) {
        return send("POST", "/v1/vms/" + vmUuid + "/actions", OPERATOR, body, key);
    }

    private static JsonNode awaitOperation(String location) {
        JsonNode[] last = new JsonNode[1];
        Await.until(Duration.ofSeconds(60), "operation " + location + " ends", () -> {
            last[0] = send("GET", location, VIEWER, null, null).body();
            String state = last[0].get("state").asText();
            return state.equals("succeeded") || state.equals("failed");
        });
        return last[0];
    }

    static Answer send(String method, String path, String token, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()),
                    r.headers().firstValue("Location").orElse(null));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private static <T> T xapi(Function<XapiClient, T> read) {
        PoolEndpoint omega = simulator.pool("omega");
        try (XapiSession s = XapiSession.login(XapiEndpoint.of(omega.masterUrl(), omega.username(), omega.password()), "test")) {
            return read.apply(new XapiClient(s));
        }
    }

    private static Vm xapiVm(String name) {
        return xapi(c -> c.vms().values().stream().filter(v -> v.nameLabel().equals(name)).findFirst().orElseThrow());
    }

    private static Host xapiHost(String name) {
        return xapi(c -> c.hosts().values().stream().filter(h -> h.nameLabel().equals(name)).findFirst().orElseThrow());
    }

    private static String vmUuid(String name) {
        return xapiVm(name).uuid();
    }

    private static String hostUuid(String name) {
        return xapiHost(name).uuid();
    }
}
