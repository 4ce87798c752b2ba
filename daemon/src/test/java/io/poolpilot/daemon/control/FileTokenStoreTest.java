package io.poolpilot.daemon.control;

import io.poolpilot.api.auth.ApiToken;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.auth.TokenDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileTokenStoreTest {

    private static final String DIGEST = TokenDigest.sha256Hex("pp_secret");

    @Test
    void parsesNamesDigestsRolesAndRevocationIgnoringComments() {
        List<ApiToken> tokens = FileTokenStore.parse(List.of("# who may call", "", "ops " + DIGEST + " operator,billing  # on call",
                "old " + DIGEST + " admin revoked"), "tokens");
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).roles()).isEqualTo(Set.of(Role.OPERATOR, Role.BILLING));
        assertThat(tokens.get(0).revoked()).isFalse();
        assertThat(tokens.get(1).revoked()).isTrue();
    }

    @Test
    void aBadLineIsNamedWithoutEchoingTheDigest() {
        assertThatThrownBy(() -> FileTokenStore.parse(List.of("ops " + DIGEST + " superuser"), "tokens"))
                .hasMessageContaining("tokens:1").hasMessageContaining("superuser").hasMessageNotContaining(DIGEST);
        assertThatThrownBy(() -> FileTokenStore.parse(List.of("ops pp_secret viewer"), "tokens"))
                .hasMessageContaining("tokens:1").hasMessageNotContaining("pp_secret viewer");
    }

    @Test
    void revokingInTheFileTakesEffectWithoutARestartAndABrokenEditKeepsTheLastGoodList(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "ops " + DIGEST + " operator\n");
        FileTokenStore store = new FileTokenStore(file);
        assertThat(store.tokens().result()).singleElement().satisfies(t -> assertThat(t.revoked()).isFalse());

        Files.writeString(file, "ops " + DIGEST + " operator revoked\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        awaitReload(store, true);

        Files.writeString(file, "ops not-a-digest operator\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        store.reload();
        assertThat(store.tokens().result()).singleElement().satisfies(t -> assertThat(t.revoked()).isTrue());
    }

    private static void awaitReload(FileTokenStore store, boolean revoked) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.tokens().result().getFirst().revoked() != revoked) {
            assertThat(System.nanoTime()).as("token file was not reloaded").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }
    }
}
