package io.poolpilot.daemon.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to a secret kept outside the config in git: {@code env:NAME} or {@code file:/path}.
 * Only {@link #resolve} ever sees the value; {@link #toString} never prints it.
 */
public record SecretRef(Kind kind, String location) {

    /** Where a secret is read from. */
    public enum Kind { ENV, FILE }

    public SecretRef {
        Objects.requireNonNull(kind, "kind");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("secret reference needs a location, e.g. env:POOL_A_PASSWORD or file:/run/secrets/pool-a");
        }
    }

    /** Parses {@code env:NAME} or {@code file:/path}; anything else is refused so that no plain secret sits in a config file. */
    public static SecretRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty secret reference: write env:NAME or file:/path");
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        return switch (scheme) {
            case "env" -> new SecretRef(Kind.ENV, rest);
            case "file" -> new SecretRef(Kind.FILE, rest);
            default -> throw new IllegalArgumentException(
                    "secret reference must start with env: or file: (plain secrets are not accepted in config), got scheme '"
                            + scheme + "'");
        };
    }

    /** Reads the secret now; the error names the reference, never the value. */
    public String resolve(Map<String, String> environment) {
        return switch (kind) {
            case ENV -> {
                String value = environment.get(location);
                if (value == null || value.isEmpty()) {
                    throw new IllegalStateException("secret " + this + " is not set: export " + location);
                }
                yield value;
            }
            case FILE -> {
                try {
                    yield Files.readString(Path.of(location)).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("secret " + this + " cannot be read: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + location;
    }
}
