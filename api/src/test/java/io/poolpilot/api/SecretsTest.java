package io.poolpilot.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.poolpilot.api.auth.ApiToken;
import io.poolpilot.api.auth.AuthOutcome;
import io.poolpilot.api.auth.BearerAuthenticator;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.api.port.TokenStore;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens: only digests are stored, matching is exact, and no token or digest reaches a log line. */
@ExtendWith(VertxExtension.class)
class SecretsTest {

    @Test
    void tokensAndDigestsNeverAppearInLogs(Vertx vertx) {
        Logger root = (Logger) LoggerFactory.getLogger("io.poolpilot");
        Logger access = (Logger) LoggerFactory.getLogger(io.poolpilot.api.http.RequestLog.ACCESS_LOGGER);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level before = root.getLevel();
        Level accessBefore = access.getLevel();
        root.setLevel(Level.DEBUG);
        access.setLevel(Level.DEBUG); // the access log is off by default; turned on, it must not leak either
        root.setAdditive(false); // capture only; keep the build output quiet
        access.setAdditive(false);
        root.addAppender(appender);
        access.addAppender(appender);
        try (TestApi api = new TestApi(vertx)) {
            api.get("/v1/pools", TestApi.VIEWER);
            api.get("/v1/pools", TestApi.REVOKED);
            api.get("/v1/pools", "some-unknown-token-value");
            api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}");
            api.get("/v1/audit", TestApi.BILLING);
        } finally {
            root.detachAppender(appender);
            access.detachAppender(appender);
            root.setLevel(before);
            access.setLevel(accessBefore);
            root.setAdditive(true);
            access.setAdditive(true);
        }
        assertThat(appender.list).as("request log lines were written").hasSizeGreaterThanOrEqualTo(5);
        for (ILoggingEvent event : appender.list) {
            String line = event.getFormattedMessage();
            for (String secret : List.of(TestApi.VIEWER, TestApi.REVOKED, TestApi.OPERATOR, TestApi.BILLING, "some-unknown-token-value",
                    TokenDigest.sha256Hex(TestApi.VIEWER), "Bearer")) {
                assertThat(line).doesNotContain(secret);
            }
        }
        assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("actor=ann-viewer"));
        assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("revoked_token_used token_name=rex-revoked"));
    }

    @Test
    void authenticatorMatchesOnlyTheExactTokenAndReportsRevocation() {
        var store = TokenStore.of(List.of(
                new ApiToken("a", TokenDigest.sha256Hex("pp_alpha"), Set.of(Role.VIEWER), false),
                new ApiToken("b", TokenDigest.sha256Hex("pp_beta"), Set.of(Role.ADMIN), true)));
        var auth = new BearerAuthenticator(store);
        assertThat(auth.authenticate("Bearer pp_alpha").result()).isInstanceOf(AuthOutcome.Authenticated.class);
        assertThat(auth.authenticate("bearer pp_alpha").result()).isInstanceOf(AuthOutcome.Authenticated.class);
        assertThat(auth.authenticate("Bearer pp_alph").result()).isInstanceOf(AuthOutcome.Unknown.class);
        assertThat(auth.authenticate("Bearer pp_alphaa").result()).isInstanceOf(AuthOutcome.Unknown.class);
        assertThat(auth.authenticate("Bearer pp_beta").result()).isEqualTo(new AuthOutcome.Revoked("b"));
        assertThat(auth.authenticate(null).result()).isInstanceOf(AuthOutcome.Missing.class);
        assertThat(auth.authenticate("Bearer " + "x".repeat(10_000)).result()).isInstanceOf(AuthOutcome.Unknown.class);
    }

    @Test
    void storedTokensHoldDigestsNotSecrets() {
        assertThatThrownBy(() -> new ApiToken("ops", "pp_plain_secret_pasted_by_mistake", Set.of(Role.OPERATOR), false))
                .hasMessageContaining("sha256Hex must be 64 lower-case hex digits")
                .hasMessageNotContaining("pp_plain_secret");
        var token = new ApiToken("ops", TokenDigest.sha256Hex("pp_x"), Set.of(Role.OPERATOR), false);
        assertThat(token.toString()).doesNotContain(token.sha256Hex());
        assertThatThrownBy(() -> new ApiToken("ops", TokenDigest.sha256Hex("pp_x"), Set.of(), false)).hasMessageContaining("at least one role");
        assertThat(TokenDigest.newToken()).startsWith("pp_").hasSize(67).isNotEqualTo(TokenDigest.newToken());
    }
}
