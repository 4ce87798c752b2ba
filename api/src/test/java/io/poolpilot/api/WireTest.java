package io.poolpilot.api;

import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-level HTTP/1.1 behaviour that curl relies on: Expect: 100-continue, and a 413 before the body is sent. */
@ExtendWith(VertxExtension.class)
class WireTest {
    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String head(String method, String path, String token, long length, boolean expect) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n"
                + (expect ? "Expect: 100-continue\r\n" : "") + "\r\n";
    }

    /** Reads until {@code marker} appears or the server closes; bounded by the socket timeout. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            seen.write(chunk, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRequestLineTooLongIsA414ProblemDocument() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /v1/pools?" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readUntil(socket.getInputStream(), "}");
            assertThat(answer).matches("(?s)HTTP/1\\.[01] 414 .*").contains("application/problem+json")
                    .contains("urn:poolpilot:problem:uri-too-long").contains("\"requestId\"");
        }
    }

    @Test
    void headersTooLargeAreA431ProblemDocument() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /v1/pools HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readUntil(socket.getInputStream(), "}");
            assertThat(answer).matches("(?s)HTTP/1\\.[01] 431 .*").contains("application/problem+json")
                    .contains("urn:poolpilot:problem:headers-too-large");
        }
    }

    @Test
    void expectContinueGets100ThenTheAnswer() throws IOException {
        byte[] body = "{\"mode\":\"balance\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, body.length, true).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            assertThat(readUntil(socket.getInputStream(), "\"state\":\"proposed\"")).startsWith("HTTP/1.1 202");
        }
    }

    @Test
    void oversizedDeclaredBodyIsRefusedBeforeItIsSent() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, 10L << 20, true)
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readUntil(socket.getInputStream(), "payload-too-large\"");
            assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue").contains("application/problem+json");
        }
    }

    @Test
    void connectionStaysUsableAfterAnEarly401WithABody() throws IOException {
        byte[] body = "{\"mode\":\"balance\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", "/v1/pools/pool-a/plans", "wrong", body.length, false).getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readUntil(socket.getInputStream(), "{\"status\":\"ok\"}");
            assertThat(answers).startsWith("HTTP/1.1 401").contains("HTTP/1.1 200 OK").endsWith("{\"status\":\"ok\"}");
        }
    }
}
