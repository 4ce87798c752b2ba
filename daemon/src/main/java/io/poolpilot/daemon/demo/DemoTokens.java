package io.poolpilot.daemon.demo;

import io.poolpilot.api.auth.TokenDigest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's API tokens file and its admin token, kept across restarts of one work directory: the tokens file an
 * operator edited (docs/api.md) is never rewritten, the demo only adds its own {@code demo-admin} line when that line
 * is missing, and the admin token stays the same as long as its file and line agree, so commands copied from an
 * earlier run keep working.
 */
final class DemoTokens {

    static final String NAME = "demo-admin";

    /** Where the tokens file and the admin token's file are. */
    record TokenFiles(Path tokens, Path adminToken) {
    }

    private DemoTokens() {
    }

    /** Makes sure {@code secrets/api-tokens} has a demo admin whose token is in {@code secrets/demo-admin-token}. */
    static TokenFiles ensure(Path secrets) throws IOException {
        Path tokens = secrets.resolve("api-tokens");
        Path tokenFile = secrets.resolve("demo-admin-token");
        List<String> lines = Files.exists(tokens) ? new ArrayList<>(Files.readAllLines(tokens)) : new ArrayList<>();
        String existing = Files.exists(tokenFile) ? Files.readString(tokenFile).strip() : "";
        String wanted = existing.isEmpty() ? null : NAME + " " + TokenDigest.sha256Hex(existing) + " admin";
        boolean present = wanted != null && lines.stream().anyMatch(line -> line.strip().equals(wanted));
        if (!present) {
            String token = TokenDigest.newToken();
            // A stale demo-admin line (its token file was lost) gives way to the new one; every other line stays.
            lines.removeIf(line -> line.strip().startsWith(NAME + " "));
            lines.add(NAME + " " + TokenDigest.sha256Hex(token) + " admin");
            writePrivate(tokenFile, token);
            writePrivate(tokens, String.join("\n", lines) + "\n");
        }
        return new TokenFiles(tokens, tokenFile);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
