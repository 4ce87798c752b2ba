package io.poolpilot.daemon.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.ConsoleConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.TestDaemon;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.console.RfbTestClient;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
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
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console end to end: the real simulator (its RFB console over XAPI's CONNECT), the whole daemon with
 * its API, and the RFB test viewer over the daemon's WebSocket as noVNC would use it.
 */
class ConsoleProxyEndToEndTest {
    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String OPERATOR = "pp_operator-token-for-console-tests-000000000000000000000";
    private static final String SECOND = "pp_second-operator-token-for-console-000000000000000000000";
    private static final String VIEWER = "pp_viewer-token-for-console-tests-00000000000000000000000";
    private static final Duration TICKET_TTL = Duration.ofSeconds(2);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {
    }

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/console.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(93).withAdminPort(-1));
        DaemonConfig config = TestDaemon.config(simulator, work,
                control -> control.withConsole(new ConsoleConfig(TICKET_TTL, 2, 8, IDLE)),
                new TestDaemon.Token("ops", OPERATOR, "operator"), new TestDaemon.Token("ops2", SECOND, "operator"),
                new TestDaemon.Token("watcher", VIEWER, "viewer"));
        daemon = DaemonRuntime.start(config, Map.of(), simulator.clock());
        Await.until(Duration.ofSeconds(60), "kappa's VMs in the API", () ->
                send("GET", "/v1/vms/" + vmUuid("parked"), VIEWER).status() == 200);
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
    void aViewerThroughTheWebSocketSeesTheVmsNameAndTheKeysItTypes() throws Exception {
        Answer ticket = ticket("shell", OPERATOR);
        assertThat(ticket.status()).as(String.valueOf(ticket.body())).isEqualTo(201);
        assertThat(ticket.body().get("vmName").asText()).isEqualTo("shell");
        assertThat(ticket.body().get("poolId").asText()).isEqualTo("kappa");
        String path = ticket.body().get("websocketPath").asText();
        assertThat(path).startsWith("/v1/consoles/websocket?ticket=");
        try (ConsoleWebSocket ws = ConsoleWebSocket.open(daemon.apiPort(), path, http);
             RfbTestClient rfb = new RfbTestClient(ws.input(), ws.output(), ws)) {
            assertThat(ws.subprotocol()).isEqualTo("binary");
            rfb.handshake("3.8");
            assertThat(rfb.name()).isEqualTo("shell");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            // The VM's name on the status bar, as pixels that differ from the blank screen.
            assertThat(rfb.text(0)).contains("shell").contains("on k-01");
            assertThat(rfb.inkPixels(0)).isGreaterThan(100);
            assertThat(rfb.inkPixels(20)).isZero();
            rfb.type("hello console");
            rfb.awaitText("shell login: hello console_", Duration.ofSeconds(10));
        }
        Await.until(Duration.ofSeconds(10), "the ticket audited", () ->
                daemon.control().audit().entries(new io.poolpilot.api.model.PageRequest(500, null))
                        .toCompletionStage().toCompletableFuture().get().items().stream()
                        .anyMatch(a -> a.action().equals("vm.console") && a.actor().equals("ops")
                                && a.target().equals("vm/" + vmUuid("shell"))));
        String metrics = scrape();
        assertThat(metrics).contains("poolpilot_console_opened_total").contains("poolpilot_console_bytes_total");
    }

    @Test
    void aTicketIsGoodForOneWebSocketAndOnlyUntilItExpires() throws Exception {
        String path = ticket("shell", OPERATOR).body().get("websocketPath").asText();
        try (ConsoleWebSocket first = ConsoleWebSocket.open(daemon.apiPort(), path, http);
             RfbTestClient rfb = new RfbTestClient(first.input(), first.output(), first)) {
            rfb.handshake("3.8");
            try (ConsoleWebSocket again = ConsoleWebSocket.open(daemon.apiPort(), path, http)) {
                ConsoleWebSocket.Closed closed = again.awaitClose(Duration.ofSeconds(10));
                assertThat(closed.code()).isEqualTo(4001);
                assertThat(closed.reason()).contains("unknown or already used");
            }
        }
        String late = ticket("shell", OPERATOR).body().get("websocketPath").asText();
        Instant issued = Instant.now();
        Await.until(Duration.ofSeconds(10), "the ticket's time to live passed", () ->
                Duration.between(issued, Instant.now()).compareTo(TICKET_TTL.plusMillis(300)) > 0);
        try (ConsoleWebSocket expired = ConsoleWebSocket.open(daemon.apiPort(), late, http)) {
            ConsoleWebSocket.Closed closed = expired.awaitClose(Duration.ofSeconds(10));
            assertThat(closed.code()).isEqualTo(4001);
            assertThat(closed.reason()).contains("expired");
        }
        try (ConsoleWebSocket madeUp = ConsoleWebSocket.open(daemon.apiPort(), "/v1/consoles/websocket?ticket=guess", http)) {
            assertThat(madeUp.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(4001);
        }
    }

    @Test
    void aViewerTokenAHaltedVmAndAnUnknownVmGetNoTicket() {
        Answer viewer = ticket("shell", VIEWER);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:forbidden");
        Answer halted = ticket("parked", OPERATOR);
        assertThat(halted.status()).isEqualTo(409);
        assertThat(halted.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:vm-bad-power-state");
        assertThat(halted.body().get("detail").asText()).contains("'parked' is halted").contains("running VM");
        Answer unknown = send("POST", "/v1/vms/00000000-0000-4000-8000-000000000000/console", OPERATOR);
        assertThat(unknown.status()).isEqualTo(404);
        Answer plainGet = send("GET", "/v1/consoles/websocket?ticket=abc", OPERATOR);
        assertThat(plainGet.status()).isEqualTo(400);
        assertThat(plainGet.body().get("detail").asText()).contains("WebSocket");
    }

    @Test
    void aMigratingVmsConsoleClosesWithVmMovedAndANewTicketReachesItOnTheNewHost() throws Exception {
        String path = ticket("mover", OPERATOR).body().get("websocketPath").asText();
        try (ConsoleWebSocket ws = ConsoleWebSocket.open(daemon.apiPort(), path, http);
             RfbTestClient rfb = new RfbTestClient(ws.input(), ws.output(), ws)) {
            rfb.handshake("3.8");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            assertThat(rfb.text(0)).contains("on k-01");
            xapi(c -> {
                String vm = c.vms().values().stream().filter(v -> v.nameLabel().equals("mover")).findFirst().orElseThrow().ref();
                String host = c.hosts().values().stream().filter(h -> h.nameLabel().equals("k-02")).findFirst().orElseThrow().ref();
                return c.session().call("VM.pool_migrate", vm, host, new HashMap<String, String>());
            });
            ConsoleWebSocket.Closed closed = ws.awaitClose(Duration.ofSeconds(20));
            assertThat(closed.code()).isEqualTo(4010);
            assertThat(closed.reason()).contains("moved");
        }
        Await.until(Duration.ofSeconds(20), "the daemon sees mover on k-02", () -> ticket("mover", OPERATOR).status() == 201
                && hostOf("mover").equals(hostUuid("k-02")));
        String again = ticket("mover", OPERATOR).body().get("websocketPath").asText();
        try (ConsoleWebSocket ws = ConsoleWebSocket.open(daemon.apiPort(), again, http);
             RfbTestClient rfb = new RfbTestClient(ws.input(), ws.output(), ws)) {
            rfb.handshake("3.3");
            rfb.requestUpdate(false);
            rfb.readUpdate();
            assertThat(rfb.text(0)).contains("mover").contains("on k-02");
        }
    }

    @Test
    void aVmThatHaltsClosesItsConsoleWithVmNotRunning() throws Exception {
        String path = ticket("doomed", OPERATOR).body().get("websocketPath").asText();
        try (ConsoleWebSocket ws = ConsoleWebSocket.open(daemon.apiPort(), path, http);
             RfbTestClient rfb = new RfbTestClient(ws.input(), ws.output(), ws)) {
            rfb.handshake("3.8");
            xapi(c -> {
                String vm = c.vms().values().stream().filter(v -> v.nameLabel().equals("doomed")).findFirst().orElseThrow().ref();
                c.vmHardShutdown(vm);
                return null;
            });
            ConsoleWebSocket.Closed closed = ws.awaitClose(Duration.ofSeconds(20));
            assertThat(closed.code()).isEqualTo(4009);
            assertThat(closed.reason()).contains("not running");
        }
    }

    @Test
    void aTokenMayHoldTwoConsolesAndAnIdleOneIsClosed() throws Exception {
        String first = ticket("quiet", SECOND).body().get("websocketPath").asText();
        String second = ticket("quiet", SECOND).body().get("websocketPath").asText();
        try (ConsoleWebSocket a = ConsoleWebSocket.open(daemon.apiPort(), first, http);
             RfbTestClient ra = new RfbTestClient(a.input(), a.output(), a);
             ConsoleWebSocket b = ConsoleWebSocket.open(daemon.apiPort(), second, http);
             RfbTestClient rb = new RfbTestClient(b.input(), b.output(), b)) {
            ra.handshake("3.8");
            rb.handshake("3.8");
            Answer third = ticket("quiet", SECOND);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.body().get("type").asText()).isEqualTo("urn:poolpilot:problem:limit-reached");
            assertThat(third.body().get("limit").asText()).isEqualTo("consoles-per-token");
            // Another token is not held back by this one's consoles.
            assertThat(ticket("quiet", OPERATOR).status()).isEqualTo(201);
            // b keeps typing, a only asks for updates (as a forgotten tab would): a is closed as idle, b is not.
            Instant began = Instant.now();
            while (Duration.between(began, Instant.now()).compareTo(IDLE.plusSeconds(2)) < 0) {
                rb.type("x");
                rb.key(0xff08);
                rb.requestUpdate(true);
                rb.readUpdate();
            }
            ConsoleWebSocket.Closed closed = a.awaitClose(Duration.ofSeconds(10));
            assertThat(closed.code()).isEqualTo(4008);
            assertThat(closed.reason()).contains("idle");
            rb.type("ok");
            rb.awaitText("quiet login: ok_", Duration.ofSeconds(IDLE.toSeconds() - 1));
        }
        Await.until(Duration.ofSeconds(10), "the slots given back", () -> ticket("quiet", SECOND).status() == 201);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Answer ticket(String vmName, String token) {
        return send("POST", "/v1/vms/" + vmUuid(vmName) + "/console", token);
    }

    static Answer send(String method, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private static String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.managementPort() + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static <T> T xapi(Function<XapiClient, T> read) {
        PoolEndpoint kappa = simulator.pool("kappa");
        try (XapiSession s = XapiSession.login(XapiEndpoint.of(kappa.masterUrl(), kappa.username(), kappa.password()), "test")) {
            return read.apply(new XapiClient(s));
        }
    }

    private static Vm xapiVm(String name) {
        return xapi(c -> c.vms().values().stream().filter(v -> v.nameLabel().equals(name)).findFirst().orElseThrow());
    }

    private static String vmUuid(String name) {
        return xapiVm(name).uuid();
    }

    private static String hostUuid(String name) {
        return xapi(c -> c.hosts().values().stream().filter(h -> h.nameLabel().equals(name)).findFirst().orElseThrow().uuid());
    }

    private static String hostOf(String vmName) {
        JsonNode vm = send("GET", "/v1/vms/" + vmUuid(vmName), VIEWER).body();
        return vm.path("hostUuid").asText("");
    }
}
