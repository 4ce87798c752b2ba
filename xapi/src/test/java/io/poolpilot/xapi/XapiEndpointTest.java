package io.poolpilot.xapi;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XapiEndpointTest {

    @Test
    void toStringNeverShowsThePassword() {
        XapiEndpoint e = XapiEndpoint.of(URI.create("https://10.0.0.1/"), "root", "hunter2");
        assertThat(e.toString()).doesNotContain("hunter2").contains("<redacted>", "root");
    }

    @Test
    void hostUrlKeepsSchemeAndPortAndBracketsIpv6() {
        XapiEndpoint e = XapiEndpoint.of(URI.create("https://10.0.0.1:4443/"), "root", "pw");
        assertThat(e.hostUrl("10.0.0.7")).isEqualTo(URI.create("https://10.0.0.7:4443/"));
        assertThat(e.hostUrl("fd00::7")).isEqualTo(URI.create("https://[fd00::7]:4443/"));
        assertThat(e.hostUrl("[fd00::7]")).isEqualTo(URI.create("https://[fd00::7]:4443/"));
        assertThat(XapiEndpoint.of(URI.create("http://127.0.1.1/"), "root", "pw").hostUrl("127.0.1.2"))
                .isEqualTo(URI.create("http://127.0.1.2/"));
    }

    @Test
    void badEndpointsAreRejectedWithTheBadValueNamed() {
        assertThatThrownBy(() -> XapiEndpoint.of(URI.create("ftp://10.0.0.1/"), "root", "pw"))
                .hasMessageContaining("ftp://10.0.0.1/");
        assertThatThrownBy(() -> XapiEndpoint.of(URI.create("http://10.0.0.1/"), " ", "pw"))
                .hasMessageContaining("username");
        assertThatThrownBy(() -> XapiEndpoint.of(URI.create("http://10.0.0.1/"), "root", "pw")
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("connectTimeout");
    }

    @Test
    void pinnedFingerprintAcceptsColonsOrPlainHexAndRejectsWrongLength() {
        String hex = "ab".repeat(32);
        String colons = String.join(":", java.util.Collections.nCopies(32, "AB"));
        assertThat(new TlsPolicy.PinnedFingerprint(colons).sha256Hex()).isEqualTo(hex);
        assertThat(new TlsPolicy.PinnedFingerprint(hex.toUpperCase()).sha256Hex()).isEqualTo(hex);
        assertThatThrownBy(() -> new TlsPolicy.PinnedFingerprint("abcd")).hasMessageContaining("'abcd'");
        assertThatThrownBy(() -> new TlsPolicy.PinnedFingerprint("zz".repeat(32))).hasMessageContaining("zz");
    }
}
