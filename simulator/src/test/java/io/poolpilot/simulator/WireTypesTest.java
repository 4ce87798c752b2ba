package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.simulator.datamodel.Datamodel;
import io.poolpilot.simulator.datamodel.FieldType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every field of every record goes on the XML-RPC wire as its declared datamodel type says. */
class WireTypesTest {
    private static Simulator sim;
    private static RawXapi master;
    private static String session;

    @BeforeAll
    static void start() {
        sim = TestSims.small(TestSims.options().withFirstPoolOctet(74));
        master = new RawXapi(sim.pool("alpha").masterUrl());
        session = master.login(TestSims.ALPHA_PASSWORD);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void everyFieldOfEveryRecordHasTheWireShapeOfItsDeclaredType() {
        master.call("Async.host.enable", session, master.refByName(session, "host", "h-02")); // a task
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Datamodel.XapiClass c : Datamodel.xapi().classes()) {
            if (!c.hasRecords()) {
                continue;
            }
            for (Map.Entry<String, Map<String, Object>> r : master.allRecords(session, c.name()).entrySet()) {
                assertThat(r.getValue().keySet()).as(c.name() + " record fields")
                        .containsExactlyInAnyOrderElementsOf(c.fields().keySet());
                for (Map.Entry<String, FieldType> f : c.fields().entrySet()) {
                    Object v = r.getValue().get(f.getKey());
                    checked++;
                    if (!shapeFits(f.getValue(), v)) {
                        wrong.add(c.name() + "." + f.getKey() + " declared " + f.getValue() + " arrived as "
                                + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(wrong).isEmpty();
    }

    @Test
    void emptyMapsAreStructsAndValidRefCountsAreI4OnTheRawWire() throws Exception {
        String vm = master.refByName(session, "VM", "big");
        String metrics = (String) master.call("VM.get_metrics", session, vm);
        String body = post("<?xml version=\"1.0\"?><methodCall><methodName>VM_metrics.get_record</methodName><params>"
                + "<param><value>" + session + "</value></param><param><value>" + metrics + "</value></param>"
                + "</params></methodCall>");
        assertThat(body).contains("<name>VCPUs_flags</name><value><struct></struct></value>")
                .contains("<name>VCPUs_CPU</name><value><struct></struct></value>")
                .containsPattern("<name>start_time</name><value><dateTime.iso8601>\\d{8}T\\d\\d:\\d\\d:\\d\\dZ</dateTime.iso8601>");
        String events = post("<?xml version=\"1.0\"?><methodCall><methodName>event.from</methodName><params>"
                + "<param><value>" + session + "</value></param><param><value><array><data><value>host</value>"
                + "</data></array></value></param><param><value></value></param><param><value><double>1.0</double>"
                + "</value></param></params></methodCall>");
        assertThat(events).contains("<name>valid_ref_counts</name><value><struct><member><name>host</name><value><i4>3</i4></value>");
    }

    private static String post(String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.pool("alpha").masterUrl())
                .header("content-type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** What Apache XML-RPC makes of each type: int64 travels as a decimal string, as xapi sends it. */
    private static boolean shapeFits(FieldType type, Object v) {
        return switch (type) {
            case FieldType.Scalar s -> switch (s) {
                case STRING -> v instanceof String;
                case INT -> v instanceof String str && str.matches("-?\\d+");
                case FLOAT -> v instanceof Double;
                case BOOL -> v instanceof Boolean;
                case DATETIME -> v instanceof Date;
            };
            case FieldType.Ref r -> v instanceof String str && str.startsWith("OpaqueRef:");
            case FieldType.Enum e -> v instanceof String str && (e.values().isEmpty() || e.values().contains(str));
            case FieldType.SetOf set -> v instanceof Object[];
            case FieldType.MapOf map -> v instanceof Map<?, ?>;
            case FieldType.Option o -> shapeFits(o.inner(), v);
            case FieldType.RecordOf rec -> v instanceof Map<?, ?>;
        };
    }
}
