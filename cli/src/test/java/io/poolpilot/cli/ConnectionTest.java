package io.poolpilot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionTest {

    @TempDir
    Path dir;

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws IOException {
        Path file = Files.writeString(dir.resolve("ctl.properties"), "url=http://file:1\ntoken=from-file\n");
        Map<String, String> env = Map.of("POOLPILOT_URL", "http://env:2/");
        Connection c = Connection.resolve(null, null, null, env, file);
        assertThat(c.url()).hasToString("http://env:2");
        assertThat(c.token()).isEqualTo("from-file");
        assertThat(Connection.resolve("http://flag:3", "from-flag", null, env, file))
                .isEqualTo(new Connection(java.net.URI.create("http://flag:3"), "from-flag"));
    }

    @Test
    void aMissingTokenIsAUsageProblemThatSaysWhereToPutIt() {
        assertThatThrownBy(() -> Connection.resolve("http://x:1", null, null, Map.of(), dir.resolve("absent")))
                .isInstanceOf(UsageProblem.class).hasMessageContaining("POOLPILOT_TOKEN");
    }

    @Test
    void anExplicitConfigFileMustExistButTheDefaultOneMayNot() {
        assertThatThrownBy(() -> Connection.resolve(null, null, dir.resolve("nope"), Map.of(), null))
                .isInstanceOf(UsageProblem.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Connection.resolve(null, "t", null, Map.of(), dir.resolve("nope")))
                .isInstanceOf(UsageProblem.class).hasMessageContaining("no server URL");
    }

    @Test
    void theTokenNeverShowsInToString() {
        assertThat(new Connection(java.net.URI.create("http://x:1"), "secret-token")).asString().doesNotContain("secret-token");
    }
}
