package io.poolpilot.xapi;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** How the client decides to trust an XAPI server on {@code https} URLs. */
public sealed interface TlsPolicy {

    /** Trust the JDK's default CA store and verify the host name. */
    record SystemTrust() implements TlsPolicy {
    }

    /** Trust only certificates issued by the CA(s) in this PEM file, and verify the host name. */
    record CaCertificate(Path pem) implements TlsPolicy {
        public CaCertificate {
            Objects.requireNonNull(pem, "pem: path to a PEM file with the CA certificate(s)");
        }
    }

    /**
     * Trust exactly the server certificate whose SHA-256 fingerprint (of its DER encoding) is
     * given, the usual way to trust XAPI's self-signed certificates. Accepts {@code AA:BB:...} or
     * plain hex in either case; stored as 64 lower-case hex digits. Host names are not checked:
     * the pin is stronger than a name.
     */
    record PinnedFingerprint(String sha256Hex) implements TlsPolicy {
        public PinnedFingerprint {
            Objects.requireNonNull(sha256Hex, "sha256Hex");
            String hex = sha256Hex.replace(":", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
            if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes as hex (AA:BB:... or aabb...),"
                        + " got '" + sha256Hex + "'");
            }
            sha256Hex = hex;
        }

        public byte[] fingerprint() {
            return HexFormat.of().parseHex(sha256Hex);
        }
    }

    /** Trust any certificate. For labs only: logs a loud warning once per endpoint. */
    record Insecure() implements TlsPolicy {
    }
}
