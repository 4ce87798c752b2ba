package io.poolpilot.daemon.config;

import io.poolpilot.xapi.TlsPolicy;

import java.nio.file.Path;

/**
 * How the daemon trusts a pool master over TLS: system CAs, a CA file, a pinned SHA-256
 * fingerprint, or (for labs only, logged loudly) no verification.
 */
public record TlsConfig(Path caFile, String fingerprintSha256, boolean insecure) {

    public TlsConfig {
        int chosen = (caFile != null ? 1 : 0) + (fingerprintSha256 != null ? 1 : 0) + (insecure ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException("tls: choose one of caFile, fingerprintSha256 or insecure, not several");
        }
        if (fingerprintSha256 != null) {
            String hex = fingerprintSha256.replace(":", "");
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(
                        "tls.fingerprintSha256 must be 64 hex digits (colons allowed), got '" + fingerprintSha256 + "'");
            }
        }
    }

    public static TlsConfig systemTrust() {
        return new TlsConfig(null, null, false);
    }

    /** The client-side policy this config asks for. */
    public TlsPolicy policy() {
        if (insecure) {
            return new TlsPolicy.Insecure();
        }
        if (fingerprintSha256 != null) {
            return new TlsPolicy.PinnedFingerprint(fingerprintSha256);
        }
        if (caFile != null) {
            return new TlsPolicy.CaCertificate(caFile);
        }
        return new TlsPolicy.SystemTrust();
    }
}
