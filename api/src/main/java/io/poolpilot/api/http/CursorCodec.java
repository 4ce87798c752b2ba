package io.poolpilot.api.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Turns a port's page key into an opaque, tamper-evident cursor and back. The cursor is
 * base64url(key) "." base64url(HMAC-SHA256(secret, scope NUL key)); the scope (which list, e.g.
 * "vms:pool-a") is in the MAC but not the cursor, so a cursor only works on the list that issued it.
 */
public final class CursorCodec {
    public static final int MAX_CURSOR_LENGTH = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public CursorCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("cursor secret must be at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String encode(String scope, String pageKey) {
        byte[] keyBytes = pageKey.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(keyBytes) + "." + ENCODER.encodeToString(mac(scope, keyBytes));
    }

    /** The page key inside {@code cursor}, or an {@link ProblemType#INVALID_CURSOR} failure naming the {@code after} parameter. */
    public String decode(String scope, String cursor) {
        int dot = cursor.indexOf('.');
        if (cursor.length() > MAX_CURSOR_LENGTH || dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw invalid();
        }
        try {
            byte[] keyBytes = DECODER.decode(cursor.substring(0, dot));
            byte[] presented = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(presented, mac(scope, keyBytes))) {
                throw invalid();
            }
            return new String(keyBytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badBase64) {
            throw invalid();
        }
    }

    private byte[] mac(String scope, byte[] keyBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(keyBytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static ApiException invalid() {
        return new ApiException(Problem.of(ProblemType.INVALID_CURSOR,
                        "after: not a cursor issued by this list; start again without 'after'")
                .withErrors(java.util.List.of(new FieldError("query", "after", "not a cursor issued by this list"))));
    }
}
