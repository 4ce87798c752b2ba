package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON-RPC on POST /jsonrpc with a raw HTTP client: results, XAPI errors as JSON-RPC errors, slave redirect. */
class JsonRpcWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Simulator sim;
    private static URI master;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        sim = TestSims.small();
        master = sim.pool("alpha").masterUrl().resolve("/jsonrpc");
        session = call(master, "session.login_with_password", "root", TestSims.ALPHA_PASSWORD, "2.21", "t").get("result").asText();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode call(URI uri, String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "method", method, "params", List.of(params), "id", 42));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode node = JSON.readTree(r.body());
        assertThat(node.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(node.get("id").asInt()).isEqualTo(42);
        return node;
    }

    @Test
    void loginAndRecordsComeBackAsJsonWithInt64AsNumbers() throws Exception {
        assertThat(session).startsWith("OpaqueRef:");
        JsonNode records = call(master, "VM.get_all_records", session).get("result");
        JsonNode big = null;
        for (JsonNode r : records) {
            if (r.get("name_label").asText().equals("big")) {
                big = r;
            }
        }
        assertThat(big).isNotNull();
        assertThat(big.get("memory_static_max").isIntegralNumber()).isTrue();
        assertThat(big.get("memory_static_max").asLong()).isEqualTo(8L << 30);
        assertThat(big.get("power_state").asText()).isEqualTo("Running");
        assertThat(big.get("snapshot_time").asText()).matches("\\d{8}T\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void xapiErrorsBecomeJsonRpcErrorObjects() throws Exception {
        JsonNode error = call(master, "VM.get_record", session, "OpaqueRef:nope").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(1);
        assertThat(error.get("message").asText()).isEqualTo("HANDLE_INVALID");
        assertThat(error.get("data")).extracting(JsonNode::asText).containsExactly("VM", "OpaqueRef:nope");
        assertThat(call(master, "VM.get_all", "OpaqueRef:bad").get("error").get("message").asText()).isEqualTo("SESSION_INVALID");
        assertThat(call(master, "nope.nothing", session).get("error").get("message").asText()).isEqualTo("MESSAGE_METHOD_UNKNOWN");
    }

    @Test
    void eventFromWorksOverJsonRpc() throws Exception {
        JsonNode first = call(master, "event.from", session, List.of("host"), "", 1.0).get("result");
        assertThat(first.get("events")).hasSize(3);
        assertThat(first.get("token").asText()).matches("\\d{20}");
    }

    @Test
    void slaveAnswersHostIsSlaveOverJsonRpc() throws Exception {
        URI slave = sim.pool("alpha").host("h-03").url().resolve("/jsonrpc");
        JsonNode error = call(slave, "session.login_with_password", "root", TestSims.ALPHA_PASSWORD).get("error");
        assertThat(error.get("message").asText()).isEqualTo("HOST_IS_SLAVE");
        assertThat(error.get("data").get(0).asText()).isEqualTo(sim.pool("alpha").masterUrl().getHost());
    }

    @Test
    void voidAnswersAnEmptyStringAndVersionOneErrorsAreArrays() throws Exception {
        String vm = call(master, "VM.get_by_name_label", session, "idle").get("result").get(0).asText();
        JsonNode added = call(master, "VM.add_to_other_config", session, vm, "json", "1");
        assertThat(added.get("result").asText()).isEmpty();
        String body = JSON.writeValueAsString(Map.of("method", "VM.get_record", "params", List.of(session, "OpaqueRef:x"),
                "id", "xyz"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(master).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode v1 = JSON.readTree(r.body());
        assertThat(v1.has("jsonrpc")).isFalse();
        assertThat(v1.get("result").isNull()).isTrue();
        assertThat(v1.get("error")).extracting(JsonNode::asText).containsExactly("HANDLE_INVALID", "VM", "OpaqueRef:x");
        assertThat(v1.get("id").asText()).isEqualTo("xyz");
    }
}
