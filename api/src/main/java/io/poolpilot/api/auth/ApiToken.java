package io.poolpilot.api.auth;

import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A token as stored: its name (who, in the audit log), the SHA-256 of the secret in lower-case hex,
 * its roles, and whether it was revoked. The secret itself is never stored.
 */
public record ApiToken(String name, String sha256Hex, Set<Role> roles, boolean revoked) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public ApiToken {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name must be 1-64 characters [A-Za-z0-9._@-], got '" + name + "'");
        }
        if (sha256Hex == null || !DIGEST.matcher(sha256Hex).matches()) {
            // Say what is wrong without echoing it: a pasted token instead of its digest is a secret.
            throw new IllegalArgumentException("token '" + name + "': sha256Hex must be 64 lower-case hex digits "
                    + "(sha256 of the token, e.g. printf %s \"$TOKEN\" | sha256sum)");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("token '" + name + "' needs at least one role: viewer, operator, billing or admin");
        }
        roles = Set.copyOf(roles);
    }

    byte[] digest() {
        return HexFormat.of().parseHex(sha256Hex);
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", roles=" + roles + ", revoked=" + revoked + "]";
    }
}
