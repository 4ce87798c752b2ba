package io.poolpilot.xapi.transport;

import io.poolpilot.xapi.TlsPolicy;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.fake.FakeXapi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsPolicyTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static FakeXapi xapi;
    static TestCertificates otherName;
    static FakeXapi namedElsewhere;

    @BeforeAll
    static void startTlsServers() throws Exception {
        certs = TestCertificates.generate(dir);
        xapi = FakeXapi.startTls("127.0.0.1", certs.serverContext());
        // Like a real XAPI host: its certificate names the host, not the address we dial.
        otherName = TestCertificates.generate(dir, "xs-01", "dns:xs-01.pool.example");
        namedElsewhere = FakeXapi.startTls("127.0.0.1", otherName.serverContext());
    }

    @AfterAll
    static void stop() {
        xapi.close();
        namedElsewhere.close();
    }

    @Test
    void pinnedCertificateNeedNotNameTheAddressWeDial() {
        String pin = TlsContexts.sha256Hex(otherName.certificate());
        XapiEndpoint e = XapiEndpoint.of(namedElsewhere.url(), "root", "pw")
                .withTls(new TlsPolicy.PinnedFingerprint(pin)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (XapiSession session = XapiSession.login(e, "t")) {
            assertThat(session.sessionRef()).startsWith("OpaqueRef:");
        }
    }

    @Test
    void caTrustStillChecksTheHostName() {
        int loginsBefore = namedElsewhere.logins();
        XapiEndpoint e = XapiEndpoint.of(namedElsewhere.url(), "root", "pw")
                .withTls(new TlsPolicy.CaCertificate(otherName.certificatePem()))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThatThrownBy(() -> XapiSession.login(e, "t")).isInstanceOf(XapiTransportException.class);
        assertThat(namedElsewhere.logins()).as("no credentials reach a server with the wrong name")
                .isEqualTo(loginsBefore);
    }

    static XapiEndpoint endpoint(TlsPolicy tls) {
        return XapiEndpoint.of(xapi.url(), "root", "pw").withTls(tls)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void pinnedFingerprintOfTheServerCertificateIsAccepted() {
        String pin = TlsContexts.sha256Hex(certs.certificate());
        try (XapiSession session = XapiSession.login(endpoint(new TlsPolicy.PinnedFingerprint(pin)), "t")) {
            assertThat(session.sessionRef()).startsWith("OpaqueRef:");
        }
    }

    @Test
    void pinnedFingerprintWithColonsInUpperCaseIsAccepted() {
        String pin = java.util.HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(java.util.HexFormat.of().parseHex(TlsContexts.sha256Hex(certs.certificate())));
        try (XapiSession session = XapiSession.login(endpoint(new TlsPolicy.PinnedFingerprint(pin)), "t")) {
            assertThat(session.sessionRef()).startsWith("OpaqueRef:");
        }
    }

    @Test
    void wrongPinIsRefusedBeforeAnyCredentialIsSent() {
        int loginsBefore = xapi.logins();
        assertThatThrownBy(() -> XapiSession.login(endpoint(new TlsPolicy.PinnedFingerprint("00".repeat(32))), "t"))
                .isInstanceOf(XapiTransportException.class);
        assertThat(xapi.logins()).isEqualTo(loginsBefore);
    }

    @Test
    void systemTrustRefusesASelfSignedCertificate() {
        assertThatThrownBy(() -> XapiSession.login(endpoint(new TlsPolicy.SystemTrust()), "t"))
                .isInstanceOf(XapiTransportException.class);
    }

    @Test
    void caCertificateFileTrustsTheServerItIssued() {
        try (XapiSession session = XapiSession.login(endpoint(new TlsPolicy.CaCertificate(certs.certificatePem())), "t")) {
            assertThat(session.sessionRef()).startsWith("OpaqueRef:");
        }
    }

    @Test
    void insecureOptOutConnectsToAnything() {
        try (XapiSession session = XapiSession.login(endpoint(new TlsPolicy.Insecure()), "t")) {
            assertThat(session.sessionRef()).startsWith("OpaqueRef:");
        }
    }
}
