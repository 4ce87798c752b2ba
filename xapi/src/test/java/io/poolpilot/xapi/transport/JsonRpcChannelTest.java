package io.poolpilot.xapi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.model.PowerState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonRpcChannelTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aVersion2ErrorBecomesAnXapiFailureWithMessageAsCodeAndDataAsParams() {
        assertThatThrownBy(() -> JsonRpcChannel.unwrap("session.login_with_password", json(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"SESSION_AUTHENTICATION_FAILED\","
                        + "\"data\":[\"root\",\"Authentication failure\"]},\"id\":1}")))
                .isInstanceOfSatisfying(XapiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("SESSION_AUTHENTICATION_FAILED");
                    assertThat(f.params()).containsExactly("root", "Authentication failure");
                });
    }

    @Test
    void aVersion1ErrorArrayIsReadToo() {
        assertThatThrownBy(() -> JsonRpcChannel.unwrap("VM.get_record", json(
                "{\"result\":null,\"error\":[\"HANDLE_INVALID\",\"VM\",\"OpaqueRef:x\"],\"id\":2}")))
                .isInstanceOfSatisfying(XapiFailure.class, f -> assertThat(f.code()).isEqualTo("HANDLE_INVALID"));
    }

    @Test
    void resultsComeBackAsPlainValuesAndVoidAsTheEmptyString() {
        assertThat(JsonRpcChannel.unwrap("VM.get_memory_target", json("{\"jsonrpc\":\"2.0\",\"result\":8589934592,\"id\":3}")))
                .isEqualTo(8589934592L);
        assertThat(JsonRpcChannel.unwrap("VM.start", json("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":4}"))).isEqualTo("");
        assertThatThrownBy(() -> JsonRpcChannel.unwrap("x", json("<html>500</html>")))
                .isInstanceOf(XapiTransportException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> JsonRpcChannel.unwrap("x", json("{\"id\":5}")))
                .isInstanceOf(XapiTransportException.class).hasMessageContaining("no result and no error");
    }

    @Test
    void argumentsTravelAsXapiReadsThemOnJsonRpc() {
        assertThat(JsonRpcChannel.toJson(42)).isEqualTo(42L);
        assertThat(JsonRpcChannel.toJson(Instant.parse("2026-11-25T09:36:02Z"))).isEqualTo("20261125T09:36:02Z");
        assertThat(JsonRpcChannel.toJson(PowerState.RUNNING)).isEqualTo("running");
        assertThat(JsonRpcChannel.toJson(Optional.empty())).isEqualTo("OpaqueRef:NULL");
        assertThat(JsonRpcChannel.toJson(Map.of("live", true, "n", List.of(1)))).isEqualTo(Map.of("live", true, "n", List.of(1L)));
        assertThatThrownBy(() -> JsonRpcChannel.toJson(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
