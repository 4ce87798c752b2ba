package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /rrd_updates on every host: xport format, data source names, contention, determinism, migration. */
class RrdUpdatesTest {
    private static Simulator sim;
    private static RawXapi xapi;
    private static String session;
    private static PoolEndpoint alpha;

    @BeforeAll
    static void start() {
        sim = TestSims.small();
        alpha = sim.pool("alpha");
        xapi = new RawXapi(alpha.masterUrl());
        session = xapi.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String vmUuid(String name) {
        return (String) xapi.call("VM.get_uuid", session, xapi.refByName(session, "VM", name));
    }

    private static long recent() {
        return sim.clock().instant().getEpochSecond() - 60;
    }

    @Test
    void xportCarriesXapiLegendStepAndRowsNewestFirst() throws Exception {
        RrdClient.Xport x = RrdClient.fetch(alpha.host("h-02").url(), session, recent());
        String host = "AVERAGE:host:" + alpha.host("h-02").uuid() + ":";
        String big = "AVERAGE:vm:" + vmUuid("big") + ":";
        assertThat(x.step()).isEqualTo(5);
        assertThat(x.legend()).contains(host + "cpu_avg", host + "cpu0", host + "cpu7", host + "memory_total_kib",
                host + "memory_free_kib", host + "loadavg", host + "pif_eth0_rx", host + "pif_eth0_tx",
                big + "cpu0", big + "cpu1", big + "memory", big + "memory_internal_free", big + "memory_target",
                big + "vif_0_rx", big + "vif_0_tx", big + "vbd_xvda_read", big + "vbd_xvda_write");
        assertThat(x.times()).hasSizeGreaterThanOrEqualTo(10).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(x.times()).allSatisfy(t -> assertThat(t % 5).isZero());
        assertThat(x.end()).isEqualTo(x.times().getFirst());
        assertThat(x.start()).isEqualTo(x.times().getLast());
        assertThat(x.latest(host + "memory_total_kib")).isEqualTo(32.0 * 1024 * 1024);
        assertThat(x.latest(big + "memory")).isEqualTo(8.0 * (1L << 30));
        assertThat(x.latest(big + "cpu0")).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void eachHostReportsItselfAndOnlyItsResidentVms() throws Exception {
        RrdClient.Xport h1 = RrdClient.fetch(alpha.host("h-01").url(), session, recent());
        assertThat(h1.legend()).anyMatch(l -> l.contains(vmUuid("busy-01")))
                .noneMatch(l -> l.contains(vmUuid("big")))
                .noneMatch(l -> l.contains(alpha.host("h-02").uuid()));
        RrdClient.Xport h3 = RrdClient.fetch(alpha.host("h-03").url(), session, recent());
        assertThat(h3.legend()).noneMatch(l -> l.contains(vmUuid("stopped")));
    }

    @Test
    void oversubscribedHostDeliversLessCpuThanDemanded() throws Exception {
        RrdClient.Xport x = RrdClient.fetch(alpha.host("h-01").url(), session, recent());
        String host = "AVERAGE:host:" + alpha.host("h-01").uuid() + ":";
        String busy = "AVERAGE:vm:" + vmUuid("busy-01") + ":";
        // Three 4-vCPU VMs wanting 90% on 4 cores: the host is full and each gets about a third.
        assertThat(x.latest(host + "cpu_avg")).isCloseTo(1.0, within(1e-6));
        assertThat(x.latest(host + "loadavg")).isGreaterThan(10.0);
        assertThat(x.latest(busy + "cpu0")).isBetween(0.3, 0.37);
        Instant t = Instant.ofEpochSecond(x.times().getFirst());
        assertThat(sim.cpuDemandCores(vmUuid("busy-01"), t)).isCloseTo(3.6, within(1e-9));
        assertThat(sim.cpuDeliveredCores(vmUuid("busy-01"), t)).isCloseTo(x.latest(busy + "cpu0") * 4, within(1e-5));
    }

    @Test
    void jsonFormCarriesTheSameMetaAndValues() throws Exception {
        long start = recent();
        HttpResponse<String> xml = RrdClient.get(alpha.host("h-02").url(), session, start, false);
        HttpResponse<String> json = RrdClient.get(alpha.host("h-02").url(), session, start, true);
        assertThat(json.headers().firstValue("content-type")).contains("application/json");
        RrdClient.Xport a = RrdClient.parseXml(xml.body());
        RrdClient.Xport b = RrdClient.parseJson(json.body());
        assertThat(b.legend()).isEqualTo(a.legend());
        assertThat(b.step()).isEqualTo(5);
        // Both answers see the same rows unless a 5 s boundary passed between them.
        long common = Math.min(a.times().getFirst(), b.times().getFirst());
        int ia = a.times().indexOf(common);
        int ib = b.times().indexOf(common);
        assertThat(b.rows().get(ib)).containsExactly(a.rows().get(ia), within(1e-9));
    }

    @Test
    void startOnlyReturnsNewerRows() throws Exception {
        RrdClient.Xport all = RrdClient.fetch(alpha.host("h-02").url(), session, recent());
        RrdClient.Xport newer = RrdClient.fetch(alpha.host("h-02").url(), session, all.end());
        assertThat(newer.times()).allSatisfy(t -> assertThat(t).isGreaterThan(all.end()));
    }

    @Test
    void metricsAreDeterministicForTheSeed() throws Exception {
        try (Simulator twin = TestSims.small()) {
            RawXapi other = new RawXapi(twin.pool("alpha").masterUrl());
            String otherSession = other.login(TestSims.ALPHA_PASSWORD);
            long start = TestSims.START.getEpochSecond() - 5;
            RrdClient.Xport a = RrdClient.fetch(alpha.host("h-01").url(), session, start);
            RrdClient.Xport b = RrdClient.fetch(twin.pool("alpha").host("h-01").url(), otherSession, start);
            assertThat(b.legend()).isEqualTo(a.legend());
            long t = TestSims.START.getEpochSecond();
            assertThat(b.rows().get(b.times().indexOf(t))).containsExactly(a.rows().get(a.times().indexOf(t)), within(0.0));
        }
    }

    @Test
    void invalidSessionIsRefusedWith401() throws Exception {
        assertThat(RrdClient.get(alpha.host("h-01").url(), "OpaqueRef:bogus", recent(), false).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsFollowTheVmToItsNewHost() throws Exception {
        String idle = vmUuid("idle");
        xapi.call("VM.pool_migrate", session, xapi.refByName(session, "VM", "idle"), xapi.refByName(session, "host", "h-03"), Map.of());
        assertThat(RrdClient.fetch(alpha.host("h-03").url(), session, recent()).legend()).anyMatch(l -> l.contains(idle));
        assertThat(RrdClient.fetch(alpha.host("h-02").url(), session, recent()).legend()).noneMatch(l -> l.contains(idle));
        List<String> back = List.of(xapi.refByName(session, "VM", "idle"), xapi.refByName(session, "host", "h-02"));
        xapi.call("VM.pool_migrate", session, back.get(0), back.get(1), Map.of());
    }

    @Test
    void coarserIntervalAnswersFromTheMinuteArchive() throws Exception {
        long now = sim.clock().instant().getEpochSecond();
        var uri = java.net.URI.create(alpha.host("h-02").url() + "rrd_updates?session_id=" + session + "&start=" + (now - 600)
                + "&cf=AVERAGE&interval=60&host=true");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        RrdClient.Xport x = RrdClient.parseXml(response.body());
        assertThat(x.step()).isEqualTo(60);
        assertThat(x.times()).hasSizeBetween(9, 10).allSatisfy(t -> assertThat(t % 60).isZero());
    }

    @Test
    void serverStaysOnHttp11WhenAClientOffersAnH2cUpgrade() throws Exception {
        // The JDK client offers "Upgrade: h2c" by default; xapi only speaks HTTP/1.1 and so do we.
        var client = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create(alpha.host("h-03").url() + "rrd_updates?session_id=" + session + "&start=" + recent());
        for (int i = 0; i < 3; i++) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
            assertThat(RrdClient.parseXml(response.body()).legend()).isNotEmpty();
        }
    }
}
