package io.poolpilot.daemon.demo;

import io.poolpilot.api.auth.TokenDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTokensTest {

    @TempDir
    Path secrets;

    @Test
    void aRestartKeepsTheAdminTokenAndTheTokensAnOperatorAdded() throws Exception {
        DemoTokens.TokenFiles first = DemoTokens.ensure(secrets);
        String token = Files.readString(first.adminToken()).strip();
        String operatorLine = "alice " + TokenDigest.sha256Hex("alice-secret") + " operator";
        Files.writeString(first.tokens(), Files.readString(first.tokens()) + operatorLine + "\n");

        DemoTokens.TokenFiles second = DemoTokens.ensure(secrets);

        assertThat(Files.readString(second.adminToken()).strip()).isEqualTo(token);
        assertThat(Files.readAllLines(second.tokens())).containsExactly(
                "demo-admin " + TokenDigest.sha256Hex(token) + " admin", operatorLine);
    }

    @Test
    void aLostAdminTokenFileGetsANewTokenAndOnlyTheDemoLineChanges() throws Exception {
        DemoTokens.TokenFiles first = DemoTokens.ensure(secrets);
        String old = Files.readString(first.adminToken()).strip();
        String operatorLine = "bob " + TokenDigest.sha256Hex("bob-secret") + " viewer";
        Files.writeString(first.tokens(), operatorLine + "\n" + Files.readString(first.tokens()));
        Files.delete(first.adminToken());

        DemoTokens.TokenFiles second = DemoTokens.ensure(secrets);

        String fresh = Files.readString(second.adminToken()).strip();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(Files.readAllLines(second.tokens())).containsExactly(operatorLine,
                "demo-admin " + TokenDigest.sha256Hex(fresh) + " admin");
        assertThat(Files.getPosixFilePermissions(second.adminToken()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
}
