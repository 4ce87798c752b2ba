package io.poolpilot.api.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The response check every API test relies on can fail: it catches bodies, statuses and media types off the document. */
@ExtendWith(VertxExtension.class)
class ContractResponsesTest {
    private static TestApi.Response response(int status, String contentType, String body) {
        return new TestApi.Response(status, HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (a, b) -> true), body);
    }

    @Test
    void aBodyMissingARequiredFieldIsCaught(Vertx vertx) throws Exception {
        ContractResponses contract = ContractResponses.load(vertx);
        assertThat(contract.violation("GET", "/healthz", response(200, "application/json", "{\"status\":\"ok\"}"))).isNull();
        assertThat(contract.violation("GET", "/healthz", response(200, "application/json", "{\"state\":\"ok\"}")))
                .contains("GET /healthz -> 200");
    }

    @Test
    void anUndocumentedStatusOrMediaTypeIsCaught(Vertx vertx) throws Exception {
        ContractResponses contract = ContractResponses.load(vertx);
        assertThat(contract.violation("GET", "/v1/pools", response(418, "application/json", "{}"))).isNotNull();
        assertThat(contract.violation("GET", "/v1/usage", response(200, "text/html", "<p>"))).contains("not documented");
    }
}
