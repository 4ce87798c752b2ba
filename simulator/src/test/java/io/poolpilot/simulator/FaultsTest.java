package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault, injected through the admin HTTP endpoint (and once from a scenario script), seen by clients. */
class FaultsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Simulator sim;
    private PoolEndpoint alpha;
    private RawXapi xapi;
    private String session;

    @BeforeEach
    void start() {
        sim = TestSims.small();
        alpha = sim.pool("alpha");
        xapi = new RawXapi(alpha.masterUrl());
        session = xapi.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> admin(String type, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sim.adminUrl().resolve("/faults/" + type))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void inject(String type, String json) throws Exception {
        HttpResponse<String> r = admin(type, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String ref(String cls, String name) {
        return xapi.refByName(session, cls, name);
    }

    @Test
    void hostCrashRefusesConnectionsMarksTheHostDeadAndRecoveryHaltsItsVms() throws Exception {
        inject("host-crash", "{\"host\":\"h-02\"}");
        URI h2 = alpha.host("h-02").url();
        assertThatThrownBy(() -> RrdClient.get(h2, session, 0, false)).isInstanceOf(ConnectException.class);
        String metrics = (String) xapi.call("host.get_metrics", session, ref("host", "h-02"));
        assertThat(xapi.call("host_metrics.get_live", session, metrics)).isEqualTo(false);
        // Without HA its VMs still show as running there, and nothing can move onto it.
        String big = ref("VM", "big");
        assertThat(xapi.call("VM.get_power_state", session, big)).isEqualTo("Running");
        assertThat(xapi.error("VM.pool_migrate", session, ref("VM", "busy-01"), ref("host", "h-02"), Map.of()))
                .containsExactly("HOST_OFFLINE", ref("host", "h-02"));
        inject("host-recover", "{\"host\":\"h-02\"}");
        assertThat(RrdClient.get(h2, session, 0, false).statusCode()).isEqualTo(200);
        assertThat(xapi.call("host_metrics.get_live", session, metrics)).isEqualTo(true);
        assertThat(xapi.call("VM.get_power_state", session, big)).isEqualTo("Halted");
    }

    @Test
    void srLossDetachesPbdsStallsVmsAndBlocksReplugUntilRestored() throws Exception {
        inject("sr-loss", "{\"sr\":\"alpha-nfs\",\"host\":\"h-01\"}");
        String h1 = ref("host", "h-01");
        Map<String, Map<String, Object>> pbds = xapi.allRecords(session, "PBD");
        String pbd = pbds.entrySet().stream().filter(e -> h1.equals(e.getValue().get("host"))).findFirst().orElseThrow().getKey();
        assertThat(xapi.call("PBD.get_currently_attached", session, pbd)).isEqualTo(false);
        RrdClient.Xport x = RrdClient.fetch(alpha.host("h-01").url(), session, sim.clock().instant().getEpochSecond() - 30);
        String busy = "AVERAGE:vm:" + xapi.call("VM.get_uuid", session, ref("VM", "busy-01")) + ":";
        assertThat(x.latest(busy + "cpu0")).isZero();
        assertThat(x.latest(busy + "vbd_xvda_read")).isZero();
        assertThat(xapi.error("PBD.plug", session, pbd)).first().isEqualTo("SR_BACKEND_FAILURE_47");
        assertThat(xapi.error("VM.pool_migrate", session, ref("VM", "idle"), h1, Map.of())).first().isEqualTo("VM_REQUIRES_SR");
        inject("sr-restore", "{\"sr\":\"alpha-nfs\",\"host\":\"h-01\"}");
        xapi.call("PBD.plug", session, pbd);
        assertThat(xapi.call("PBD.get_currently_attached", session, pbd)).isEqualTo(true);
    }

    @Test
    void migrationFailureRateFailsMigrations() throws Exception {
        inject("migration-failure-rate", "{\"rate\":1.0}");
        assertThat(xapi.error("VM.pool_migrate", session, ref("VM", "idle"), ref("host", "h-03"), Map.of()))
                .first().isEqualTo("VM_MIGRATE_FAILED");
        inject("migration-failure-rate", "{\"rate\":0.0}");
        xapi.call("VM.pool_migrate", session, ref("VM", "idle"), ref("host", "h-03"), Map.of());
    }

    @Test
    void busyCallsRefuseTheNextCallsOfAMethodSyncOrAsyncThenLetThemThrough() throws Exception {
        inject("busy-calls", "{\"method\":\"VM.pool_migrate\",\"count\":2}");
        String idle = ref("VM", "idle");
        assertThat(xapi.error("VM.pool_migrate", session, idle, ref("host", "h-03"), Map.of()))
                .containsExactly("OTHER_OPERATION_IN_PROGRESS", "VM", idle);
        assertThat(xapi.error("Async.VM.pool_migrate", session, idle, ref("host", "h-03"), Map.of()))
                .first().isEqualTo("OTHER_OPERATION_IN_PROGRESS");
        assertThat(sim.faults().pendingBusy("VM.pool_migrate")).isZero();
        assertThat(xapi.call("VM.get_power_state", session, idle)).as("other methods are not refused").isEqualTo("Running");
        xapi.call("VM.pool_migrate", session, idle, ref("host", "h-03"), Map.of());
        assertThat(xapi.call("VM.get_resident_on", session, idle)).isEqualTo(ref("host", "h-03"));
    }

    @Test
    void slowCallsAnswerLate() throws Exception {
        inject("slow-calls", "{\"delayMillis\":400,\"method\":\"VM.\"}");
        long t0 = System.nanoTime();
        xapi.call("VM.get_all", session);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        t0 = System.nanoTime();
        xapi.call("host.get_all", session);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void hangingCallsNeverAnswer() throws Exception {
        inject("slow-calls", "{\"hang\":true,\"method\":\"rrd_updates\"}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(alpha.host("h-01").url() + "rrd_updates?session_id=" + session))
                .timeout(Duration.ofMillis(500)).GET().build();
        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(xapi.call("host.get_all", session)).isNotNull();
    }

    @Test
    void masterFailoverMakesTheOldMasterRedirectAndDropsSessions() throws Exception {
        inject("master-failover", "{\"pool\":\"alpha\",\"host\":\"h-02\"}");
        String newMaster = alpha.host("h-02").url().getHost();
        assertThat(xapi.error("session.login_with_password", "root", TestSims.ALPHA_PASSWORD, "2.21", "t"))
                .containsExactly("HOST_IS_SLAVE", newMaster);
        assertThat(sim.pool("alpha").masterUrl().getHost()).isEqualTo(newMaster);
        RawXapi moved = new RawXapi(alpha.host("h-02").url());
        assertThat(moved.error("VM.get_all", session)).first().isEqualTo("SESSION_INVALID");
        String fresh = moved.login(TestSims.ALPHA_PASSWORD);
        String pool = (String) ((Object[]) moved.call("pool.get_all", fresh))[0];
        assertThat(moved.call("host.get_address", fresh, moved.call("pool.get_master", fresh, pool))).isEqualTo(newMaster);
    }

    @Test
    void garbledRrdRowsCarryNanOrMalformedValues() throws Exception {
        inject("garbled-rrd", "{\"host\":\"h-02\",\"mode\":\"nan\",\"probability\":0.5}");
        long start = sim.clock().instant().getEpochSecond() - 60;
        RrdClient.Xport x = RrdClient.fetch(alpha.host("h-02").url(), session, start);
        long nans = x.rows().stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isNaN).count();
        assertThat(nans).isPositive();
        inject("garbled-rrd", "{\"host\":\"h-02\",\"mode\":\"garbled\",\"probability\":1.0}");
        String body = RrdClient.get(alpha.host("h-02").url(), session, start, false).body();
        assertThatThrownBy(() -> RrdClient.parseXml(body)).isInstanceOf(Exception.class);
        // Other hosts are untouched.
        RrdClient.fetch(alpha.host("h-01").url(), session, start);
    }

    @Test
    void droppedConnectionsCloseWithoutAnAnswer() throws Exception {
        inject("drop-connections", "{\"host\":\"h-01\",\"count\":1}");
        URI h1 = alpha.host("h-01").url();
        // A raw socket: HTTP clients may retry a dropped GET by themselves, hiding the fault.
        assertThat(rawGet(h1, "/rrd_updates?session_id=" + session)).isEmpty();
        assertThat(rawGet(h1, "/rrd_updates?session_id=" + session)).startsWith("HTTP/1.1 200");
    }

    private static String rawGet(URI host, String path) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(host.getHost(), host.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            // A reset instead of a clean close is also "no answer".
            return "";
        }
    }

    @Test
    void clearUndoesEveryFault() throws Exception {
        inject("host-crash", "{\"host\":\"h-03\"}");
        inject("sr-loss", "{\"sr\":\"alpha-nfs\"}");
        inject("slow-calls", "{\"hang\":true}");
        inject("clear", "{}");
        assertThat(xapi.call("host.get_all", session)).isNotNull();
        assertThat(RrdClient.get(alpha.host("h-03").url(), session, 0, false).statusCode()).isEqualTo(200);
        Map<String, Map<String, Object>> pbds = xapi.allRecords(session, "PBD");
        assertThat(pbds.values()).allSatisfy(p -> assertThat(p.get("currently_attached")).isEqualTo(true));
    }

    @Test
    void adminRejectsUnknownFaultsAndBadBodiesWithProblemDocuments() throws Exception {
        HttpResponse<String> unknown = admin("meteor-strike", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).contains("application/problem+json");
        HttpResponse<String> bad = admin("migration-failure-rate", "{\"rate\":7}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("rate must be in [0, 1] but was 7");
        HttpResponse<String> noHost = admin("host-crash", "{\"host\":\"nowhere\"}");
        assertThat(noHost.statusCode()).isEqualTo(422);
    }

    @Test
    void stateDescribesPoolsHostsAndFaults() throws Exception {
        inject("migration-failure-rate", "{\"rate\":0.25}");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(sim.adminUrl().resolve("/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode state = new ObjectMapper().readTree(r.body());
        assertThat(state.get("pools").get(0).get("master").asText()).isEqualTo("h-01");
        assertThat(state.get("pools").get(0).get("hosts")).hasSize(3);
        assertThat(state.get("faults").get("migrationFailureRate").asDouble()).isEqualTo(0.25);
    }

    @Test
    void scriptedFaultFiresAtItsSimulatedTime() {
        sim.close();
        String yaml = """
                name: scripted
                seed: 1
                pools:
                  - name: solo
                    password: pw
                    hosts:
                      - {name: s, count: 2, cores: 4, memoryGiB: 16}
                faults:
                  - {atSeconds: 20, fault: {type: host-crash, host: s-02}}
                """;
        sim = Simulator.start(ScenarioLoader.parse(yaml, "inline"), TestSims.options().withClockRate(100));
        RawXapi solo = new RawXapi(sim.pool("solo").masterUrl());
        String s = solo.login("pw");
        String h2 = solo.refByName(s, "host", "s-02");
        String metrics = (String) solo.call("host.get_metrics", s, h2);
        TestSims.await("s-02 crashed by the script", Duration.ofSeconds(5),
                () -> Boolean.FALSE.equals(solo.call("host_metrics.get_live", s, metrics)));
        assertThat(sim.clock().secondsSinceStart(sim.clock().instant())).isGreaterThanOrEqualTo(20);
    }
}
