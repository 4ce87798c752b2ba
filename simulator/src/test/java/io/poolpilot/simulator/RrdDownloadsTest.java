package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** GET /host_rrd and /vm_rrd (rrdtool dump XML and json=true), Basic authentication, task_id, redirects. */
class RrdDownloadsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String vmUuid(String name) {
        return (String) xapi.call("VM.get_uuid", session, xapi.refByName(session, "VM", name));
    }

    @Test
    void hostRrdIsAnRrdtoolDumpWithFourAverageArchives() throws Exception {
        HttpResponse<String> r = get(URI.create(alpha.host("h-02").url() + "host_rrd?session_id=" + session), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        Element rrd = doc.getDocumentElement();
        assertThat(rrd.getTagName()).isEqualTo("rrd");
        assertThat(text(rrd, "version")).isEqualTo("0003");
        assertThat(text(rrd, "step")).isEqualTo("5");
        List<String> names = new ArrayList<>();
        NodeList ds = rrd.getElementsByTagName("ds");
        for (int i = 0; i < ds.getLength(); i++) {
            Element e = (Element) ds.item(i);
            if (e.getParentNode() == rrd) {
                names.add(text(e, "name"));
            }
        }
        assertThat(names).contains("cpu_avg", "cpu0", "cpu7", "memory_total_kib", "memory_free_kib", "loadavg")
                .noneMatch(n -> n.contains(":"));
        NodeList rras = rrd.getElementsByTagName("rra");
        assertThat(rras.getLength()).isEqualTo(4);
        List<String> pdpPerRow = new ArrayList<>();
        for (int i = 0; i < rras.getLength(); i++) {
            Element rra = (Element) rras.item(i);
            assertThat(text(rra, "cf")).isEqualTo("AVERAGE");
            pdpPerRow.add(text(rra, "pdp_per_row"));
            NodeList rows = rra.getElementsByTagName("row");
            Element lastRow = (Element) rows.item(rows.getLength() - 1);
            assertThat(lastRow.getElementsByTagName("v").getLength()).isEqualTo(names.size());
        }
        assertThat(pdpPerRow).containsExactly("1", "12", "720", "17280");
        Element fiveSeconds = (Element) rras.item(0);
        NodeList rows = fiveSeconds.getElementsByTagName("row");
        assertThat(rows.getLength()).isEqualTo(120);
        Element newest = (Element) rows.item(rows.getLength() - 1);
        int memTotal = names.indexOf("memory_total_kib");
        assertThat(Double.parseDouble(newest.getElementsByTagName("v").item(memTotal).getTextContent()))
                .isEqualTo(32.0 * 1024 * 1024);
    }

    @Test
    void vmRrdAsJsonCarriesTheVmsDataSourcesAsStrings() throws Exception {
        String uuid = vmUuid("big");
        HttpResponse<String> r = get(URI.create(alpha.host("h-02").url() + "vm_rrd?json=true&uuid=" + uuid
                + "&session_id=" + session), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode rrd = new ObjectMapper().readTree(r.body());
        assertThat(rrd.get("version").asText()).isEqualTo("0003");
        assertThat(rrd.get("step").isTextual()).isTrue();
        List<String> names = new ArrayList<>();
        rrd.get("ds").forEach(d -> names.add(d.get("name").asText()));
        assertThat(names).containsExactly("cpu0", "cpu1", "memory", "memory_internal_free", "memory_target",
                "vif_0_rx", "vif_0_tx", "vbd_xvda_read", "vbd_xvda_write");
        JsonNode newest = rrd.get("rra").get(0).get("database").get(119);
        assertThat(newest.get(2).isTextual()).isTrue();
        assertThat(Double.parseDouble(newest.get(2).asText())).isEqualTo(8.0 * (1L << 30));
    }

    @Test
    void vmRrdOnAnotherHostRedirectsToTheVmsHost() throws Exception {
        String uuid = vmUuid("big");
        HttpResponse<String> r = get(URI.create(alpha.host("h-01").url() + "vm_rrd?uuid=" + uuid + "&session_id=" + session), null);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).hasValueSatisfying(l ->
                assertThat(l).startsWith(alpha.host("h-02").url().toString().replaceAll("/$", "")).contains("uuid=" + uuid));
        assertThat(get(URI.create(alpha.host("h-01").url() + "vm_rrd?uuid=nope&session_id=" + session), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void downloadsAcceptHttpBasicCredentialsAndRefuseWrongOnes() throws Exception {
        long start = sim.clock().instant().getEpochSecond() - 30;
        URI updates = URI.create(alpha.host("h-02").url() + "rrd_updates?start=" + start + "&host=true");
        HttpResponse<String> ok = get(updates, basic("root", TestSims.ALPHA_PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("<?xml").contains("<xport>");
        HttpResponse<String> wrong = get(updates, basic("root", "wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"xapi\"");
        assertThat(get(updates, null).statusCode()).isEqualTo(401);
        assertThat(get(URI.create(alpha.host("h-02").url() + "host_rrd"), basic("root", TestSims.ALPHA_PASSWORD))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aTaskPassedAsTaskIdSucceedsWithTheDownload() throws Exception {
        String task = (String) xapi.call("task.create", session, "rrd download", "as Xen Orchestra does");
        assertThat(xapi.call("task.get_status", session, task)).isEqualTo("pending");
        HttpResponse<String> r = get(URI.create(alpha.host("h-02").url() + "host_rrd?session_id=" + session
                + "&task_id=" + task), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(xapi.call("task.get_status", session, task)).isEqualTo("success");
        String failing = (String) xapi.call("task.create", session, "rrd download", "");
        get(URI.create(alpha.host("h-01").url() + "vm_rrd?uuid=nope&session_id=" + session + "&task_id=" + failing), null);
        assertThat(xapi.call("task.get_status", session, failing)).isEqualTo("failure");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
