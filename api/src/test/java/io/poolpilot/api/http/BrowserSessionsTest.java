package io.poolpilot.api.http;

import io.poolpilot.api.ApiConfig;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's login: an API token exchanged for a session cookie that the API accepts, with CSRF and expiry. */
@ExtendWith(VertxExtension.class)
class BrowserSessionsTest {
    private static final String PLAN = "{\"mode\":\"evacuate\",\"hostId\":\"10000000-0000-0000-0000-000000000002\",\"reason\":\"firmware\"}";
    private TestApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private TestApi api(Vertx vertx, Duration idle) {
        api = new TestApi(vertx, ApiConfig.defaults().withPort(0).withSessionIdleTimeout(idle), UnaryOperator.identity());
        return api;
    }

    /** The cookie pair ({@code name=value}) and the CSRF token of a fresh login. */
    private record Login(String cookie, String csrf, TestApi.Response response) {
    }

    private Login login(String token, String... headers) {
        var response = api.send("POST", BrowserSessions.PATH, null, "{\"token\":\"" + token + "\"}", headers);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String setCookie = response.header("Set-Cookie");
        return new Login(setCookie.substring(0, setCookie.indexOf(';')), response.json().path("csrfToken").asText(), response);
    }

    @Test
    void loginSetsAnHttpOnlyStrictCookieThatAloneReadsTheApiAndTellsWhatTheRolesGrant(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        Login login = login(TestApi.OPERATOR);
        String setCookie = login.response().header("Set-Cookie");
        assertThat(setCookie).startsWith(BrowserSessions.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("Secure").doesNotContain(TestApi.OPERATOR);
        assertThat(login.response().json().path("name").asText()).isEqualTo("otto-operator");
        assertThat(login.response().json().path("grants").toString()).isEqualTo("[\"viewer\",\"operator\"]");
        assertThat(login.csrf()).hasSize(64);

        assertThat(api.send("GET", "/v1/pools", null, null, "Cookie", login.cookie()).status()).isEqualTo(200);
        var who = api.send("GET", BrowserSessions.PATH, null, null, "Cookie", login.cookie());
        assertThat(who.json().path("csrfToken").asText()).isEqualTo(login.csrf());
        assertThat(api.get("/v1/pools", TestApi.VIEWER).header("Set-Cookie")).as("bearer clients get no session").isNull();
    }

    @Test
    void behindATlsProxyTheCookieIsSecure(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        assertThat(login(TestApi.VIEWER, "X-Forwarded-Proto", "https").response().header("Set-Cookie")).contains("Secure");
    }

    @Test
    void aStateChangeFromASessionWithoutTheCsrfTokenIsRefusedAndWithItGoesThrough(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        Login login = login(TestApi.OPERATOR);
        var forged = api.send("POST", "/v1/pools/pool-a/plans", null, PLAN, "Cookie", login.cookie());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().path("detail").asText()).contains(BrowserSessions.CSRF_HEADER);
        var wrong = api.send("POST", "/v1/pools/pool-a/plans", null, PLAN, "Cookie", login.cookie(), BrowserSessions.CSRF_HEADER, "0".repeat(64));
        assertThat(wrong.status()).isEqualTo(403);
        var made = api.send("POST", "/v1/pools/pool-a/plans", null, PLAN, "Cookie", login.cookie(), BrowserSessions.CSRF_HEADER, login.csrf());
        assertThat(made.status()).as(made.body()).isEqualTo(202);
        assertThat(made.json().path("createdBy").asText()).as("audited as the token's name").isEqualTo("otto-operator");
    }

    @Test
    void aViewerSessionWithItsCsrfTokenStillCannotApprove(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        String id = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, PLAN).json().path("id").asText();
        Login viewer = login(TestApi.VIEWER);
        var approve = api.send("POST", "/v1/plans/" + id + "/approve", null, "{}", "Cookie", viewer.cookie(),
                BrowserSessions.CSRF_HEADER, viewer.csrf(), "If-Match", "\"1\"");
        assertThat(approve.status()).isEqualTo(403);
        assertThat(approve.problemType()).isEqualTo("forbidden");
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        Login login = login(TestApi.VIEWER);
        assertThat(api.send("DELETE", BrowserSessions.PATH, null, null, "Cookie", login.cookie()).status()).isEqualTo(403);
        assertThat(api.send("DELETE", BrowserSessions.PATH, null, null, "Cookie", login.cookie(), BrowserSessions.CSRF_HEADER, login.csrf())
                .status()).isEqualTo(204);
        var after = api.send("GET", "/v1/pools", null, null, "Cookie", login.cookie());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().path("detail").asText()).contains("log in again");
    }

    @Test
    void anIdleSessionExpires(Vertx vertx) {
        api(vertx, Duration.ofMillis(300));
        Login login = login(TestApi.VIEWER);
        assertThat(api.send("GET", "/v1/pools", null, null, "Cookie", login.cookie()).status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
            status = api.send("GET", BrowserSessions.PATH, null, null, "Cookie", login.cookie()).status();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void anUnknownTokenGetsNoSessionAndABodyThatIsNotJsonIsRefused(Vertx vertx) {
        api(vertx, Duration.ofMinutes(5));
        var unknown = api.send("POST", BrowserSessions.PATH, null, "{\"token\":\"nope\"}");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("Set-Cookie")).isNull();
        assertThat(api.send("POST", BrowserSessions.PATH, null, "token=" + TestApi.ADMIN, "Content-Type", "application/x-www-form-urlencoded")
                .status()).as("a cross-site form cannot log anyone in").isEqualTo(415);
    }
}
