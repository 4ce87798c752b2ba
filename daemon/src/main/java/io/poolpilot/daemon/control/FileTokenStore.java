package io.poolpilot.daemon.control;

import io.poolpilot.api.auth.ApiToken;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.model.Wire;
import io.poolpilot.api.port.TokenStore;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * API tokens from a file, one per line: {@code name sha256-hex role[,role...] [revoked]}; {@code #} starts
 * a comment. Only digests are stored, never tokens. The file is re-read when it changes (checked at most
 * once a second), so revoking a token needs no restart; a file that fails to parse keeps the last good list.
 */
public final class FileTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);

    private final Path file;
    private volatile List<ApiToken> tokens = List.of();
    private volatile FileTime loadedVersion;
    private volatile long checkedAtNanos;

    public FileTokenStore(Path file) {
        this.file = file;
        reloadIfChanged(true);
    }

    @Override
    public Future<List<ApiToken>> tokens() {
        if (System.nanoTime() - checkedAtNanos > 1_000_000_000L) {
            reloadIfChanged(false);
        }
        return Future.succeededFuture(tokens);
    }

    /** Re-reads the file now if it changed (for an operator's SIGHUP-style reload, and tests). */
    public void reload() {
        reloadIfChanged(false);
    }

    /** Parses the file format; errors name the line, never its digest. */
    public static List<ApiToken> parse(List<String> lines, String source) {
        List<ApiToken> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length < 3 || fields.length > 4 || (fields.length == 4 && !fields[3].equals("revoked"))) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 'name sha256-hex roles [revoked]'");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            int lineNumber = i + 1;
            for (String role : fields[2].split(",")) {
                roles.add(Wire.parse(Role.class, role).orElseThrow(() -> new IllegalArgumentException(
                        source + ":" + lineNumber + ": unknown role '" + role + "' (one of " + Wire.choices(Role.class) + ")")));
            }
            try {
                out.add(new ApiToken(fields[0], fields[1], roles, fields.length == 4));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private synchronized void reloadIfChanged(boolean first) {
        checkedAtNanos = System.nanoTime();
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!first && modified.equals(loadedVersion)) {
                return;
            }
            tokens = parse(Files.readAllLines(file), file.toString());
            loadedVersion = modified;
            log.info("event=api_tokens_loaded file={} tokens={}", file, tokens.size());
        } catch (IOException | IllegalArgumentException e) {
            if (first) {
                throw new IllegalArgumentException("api tokens file " + file + ": " + e.getMessage(), e);
            }
            log.warn("event=api_tokens_reload_failed file={} error=\"{}\" keeping={}", file, e.getMessage(), tokens.size());
        }
    }
}
