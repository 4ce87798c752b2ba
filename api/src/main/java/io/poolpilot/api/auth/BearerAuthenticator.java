package io.poolpilot.api.auth;

import io.poolpilot.api.port.TokenStore;
import io.vertx.core.Future;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Checks {@code Authorization: Bearer <token>} against the stored digests. Every stored digest is compared
 * in constant time and the loop never stops early, so timing says nothing about which digest came close.
 */
public final class BearerAuthenticator {
    private static final String PREFIX = "bearer ";
    /** Longer than any token we issue by far; refuses to hash megabytes of header. */
    private static final int MAX_TOKEN_LENGTH = 512;

    private final TokenStore store;

    public BearerAuthenticator(TokenStore store) {
        this.store = Objects.requireNonNull(store, "token store");
    }

    public Future<AuthOutcome> authenticate(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            return Future.succeededFuture(new AuthOutcome.Missing());
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Future.succeededFuture(new AuthOutcome.Unknown());
        }
        return authenticateDigest(TokenDigest.sha256(token));
    }

    /** Checks a token known only by its SHA-256 (a browser session keeps that, never the token), so revoking it ends the session. */
    public Future<AuthOutcome> authenticateDigest(byte[] presented) {
        return store.tokens().map(tokens -> match(presented, tokens));
    }

    private static AuthOutcome match(byte[] presented, List<ApiToken> tokens) {
        ApiToken found = null;
        for (ApiToken candidate : tokens) {
            if (MessageDigest.isEqual(presented, candidate.digest()) && found == null) {
                found = candidate;
            }
        }
        if (found == null) {
            return new AuthOutcome.Unknown();
        }
        if (found.revoked()) {
            return new AuthOutcome.Revoked(found.name());
        }
        return new AuthOutcome.Authenticated(new Principal(found.name(), found.roles()));
    }

    static String bearerToken(String header) {
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = header.substring(PREFIX.length()).strip();
        return token.isEmpty() || token.contains(" ") ? null : token;
    }
}
