package io.poolpilot.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** SHA-256 of bearer tokens, and generation of new high-entropy tokens. */
public final class TokenDigest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenDigest() {
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** A new token: 32 random bytes as 64 hex digits, prefixed so scanners can spot a leaked one. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "pp_" + HexFormat.of().formatHex(bytes);
    }
}
