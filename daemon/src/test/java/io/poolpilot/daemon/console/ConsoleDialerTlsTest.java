package io.poolpilot.daemon.console;

import io.poolpilot.xapi.TlsPolicy;
import io.poolpilot.xapi.console.VmConsoles.RfbConsole;
import io.poolpilot.xapi.transport.TlsContexts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real pools serve consoles on https: the proxy trusts the host's certificate exactly as the pool's TLS policy
 * says (a pinned fingerprint here, as for XAPI's self-signed certificates). The host is a TLS server on
 * loopback that answers CONNECT as xapi does and then greets in RFB (the simulator speaks plain HTTP only).
 */
class ConsoleDialerTlsTest {
    private Vertx vertx;
    private NetServer host;
    private SelfSignedCertificate certificate;
    private final CompletableFuture<String> requestLine = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        certificate = SelfSignedCertificate.create("xcp-host-01");
        host = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                .setKeyCertOptions(certificate.keyCertOptions()));
        host.connectHandler(socket -> {
            Buffer head = Buffer.buffer();
            socket.handler(data -> {
                head.appendBuffer(data);
                String text = head.toString();
                if (text.contains("\r\n\r\n")) {
                    requestLine.complete(text.substring(0, text.indexOf("\r\n")));
                    socket.write("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nRFB 003.008\n");
                }
            });
        });
        host.listen().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private RfbConsole console() {
        URI location = URI.create("https://127.0.0.1:" + host.actualPort() + "/console?uuid=c0ffee00-0000-4000-8000-000000000001");
        return new RfbConsole("OpaqueRef:console", location,
                "/console?uuid=c0ffee00-0000-4000-8000-000000000001&session_id=OpaqueRef%3Asession");
    }

    private String fingerprint() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            return TlsContexts.sha256Hex((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    private String dial(TlsPolicy tls) throws Exception {
        ConsoleDialer dialer = new ConsoleDialer(vertx, Duration.ofSeconds(5));
        return dialer.dial(console(), tls).map(dialed -> {
            String early = dialed.early().toString();
            dialed.socket().close();
            return early;
        }).await(15, TimeUnit.SECONDS);
    }

    @Test
    void aPinnedCertificateIsTrustedAndTheConnectCarriesTheSession() throws Exception {
        String early = dial(new TlsPolicy.PinnedFingerprint(fingerprint()));
        assertThat(requestLine.get(5, TimeUnit.SECONDS))
                .isEqualTo("CONNECT /console?uuid=c0ffee00-0000-4000-8000-000000000001&session_id=OpaqueRef%3Asession HTTP/1.0");
        assertThat(early).isEqualTo("RFB 003.008\n");
    }

    @Test
    void anotherPinIsRefusedAndSoIsAnUntrustedCertificateUnderSystemTrust() {
        String other = "00".repeat(32);
        assertThatThrownBy(() -> dial(new TlsPolicy.PinnedFingerprint(other))).hasStackTraceContaining("pinned fingerprint");
        assertThatThrownBy(() -> dial(new TlsPolicy.SystemTrust())).isNotNull();
        assertThat(requestLine).isNotDone();
    }
}
