package io.poolpilot.api;

import io.poolpilot.api.auth.Role;
import io.poolpilot.api.http.Route;
import io.poolpilot.api.support.InMemoryInventory;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AuthTest {
    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String concrete(String template) {
        return template.replace("{poolId}", "pool-a")
                .replace("{hostUuid}", InMemoryInventory.hostUuid(0))
                .replace("{vmUuid}", InMemoryInventory.vmUuid(0))
                .replace("{planId}", "30000000-0000-0000-0000-000000000001")
                .replace("{accountId}", "acme")
                .replace("{operationId}", "30000000-0000-0000-0000-000000000002")
                .replace("{answerId}", "30000000-0000-0000-0000-000000000003");
    }

    @Test
    void everyAuthenticatedRouteRefusesARequestWithoutTokenWith401AndABearerChallenge() {
        List<Route> secured = api.router.routes().stream().filter(Route::authenticated).toList();
        assertThat(secured).hasSizeGreaterThan(15);
        for (Route route : secured) {
            var response = api.send(route.method().name(), concrete(route.path()), null, null);
            assertThat(response.status()).as(route.path()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(route.path()).startsWith("Bearer realm=\"poolpilot\"");
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.problemType()).isEqualTo("unauthenticated");
        }
    }

    @Test
    void unknownTokenIs401WithInvalidTokenError() {
        var response = api.get("/v1/pools", "not-a-real-token");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains("unknown token");
    }

    @Test
    void revokedTokenIs401EvenWithAdminRole() {
        var response = api.get("/v1/pools", TestApi.REVOKED);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("detail").asText()).contains("revoked");
        assertThat(response.header("WWW-Authenticate")).contains("token revoked");
    }

    @Test
    void malformedAuthorizationHeadersAreTreatedAsMissing() {
        for (String header : List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer a b", "bearer")) {
            var response = api.send("GET", "/v1/pools", null, null, "Authorization", header);
            assertThat(response.status()).as(header).isEqualTo(401);
        }
    }

    @Test
    void wrongRoleIs403NamingTheNeededRole() {
        var viewerProposes = api.send("POST", "/v1/pools/pool-a/plans", TestApi.VIEWER, "{\"mode\":\"balance\"}");
        assertThat(viewerProposes.status()).isEqualTo(403);
        assertThat(viewerProposes.problemType()).isEqualTo("forbidden");
        assertThat(viewerProposes.json().path("detail").asText()).contains("needs operator").contains("ann-viewer");

        var operatorSetsPolicy = api.send("PUT", "/v1/pools/pool-a/policy", TestApi.OPERATOR,
                "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":0,\"gibPerHour\":0}}");
        assertThat(operatorSetsPolicy.status()).isEqualTo(403);
        assertThat(api.get("/v1/audit", TestApi.OPERATOR).status()).isEqualTo(403);
    }

    @Test
    void billingAloneCannotReadOperationalData() {
        List<String> allowed = new ArrayList<>();
        for (Route route : api.router.routes()) {
            if (route.authenticated() && route.role() != Role.BILLING && route.method().name().equals("GET")
                    && !route.path().equals("/v1/events")) {
                if (api.get(concrete(route.path()), TestApi.BILLING).status() != 403) {
                    allowed.add(route.path());
                }
            }
        }
        assertThat(allowed).isEmpty();
    }

    @Test
    void billingTokenReadsUsageAndTheFeed() {
        String usage = "/v1/usage?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
        assertThat(api.get(usage, TestApi.BILLING).status()).isEqualTo(200);
        assertThat(api.get("/v1/usage/feed", TestApi.BILLING).status()).isEqualTo(200);
        assertThat(api.get(usage, TestApi.ADMIN).status()).isEqualTo(200);
    }

    @Test
    void viewerAndOperatorGet403OnEveryBillingRoute() {
        List<Route> billing = api.router.routes().stream().filter(r -> r.role() == Role.BILLING).toList();
        assertThat(billing).extracting(Route::operationId).containsExactlyInAnyOrder(
                "getUsage", "getUsageFeed", "getAccountOperation", "suspendAccount", "resumeAccount");
        String body = "{\"mode\":\"suspend\",\"reason\":\"unpaid\"}";
        for (String token : List.of(TestApi.VIEWER, TestApi.OPERATOR)) {
            for (Route route : billing) {
                var response = api.send(route.method().name(), concrete(route.path()),
                        token, route.jsonBody() ? body : null);
                assertThat(response.status()).as(route.operationId()).isEqualTo(403);
                assertThat(response.json().path("detail").asText()).as(route.operationId()).contains("needs billing");
            }
        }
        assertThat(api.accounts.powerChanges()).isZero();
    }

    @Test
    void operatorImpliesViewerAndAdminImpliesEverything() {
        assertThat(api.get("/v1/pools", TestApi.OPERATOR).status()).isEqualTo(200);
        assertThat(api.get("/v1/pools", TestApi.ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/v1/audit", TestApi.ADMIN).status()).isEqualTo(200);
        assertThat(api.send("POST", "/v1/pools/pool-a/plans", TestApi.ADMIN, "{\"mode\":\"balance\"}").status()).isEqualTo(202);
    }

    @Test
    void roleImplicationsAreExactlyAsDocumented() {
        assertThat(Role.ADMIN.grants(Role.BILLING)).isTrue();
        assertThat(Role.ADMIN.grants(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.grants(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.grants(Role.ADMIN)).isFalse();
        assertThat(Role.OPERATOR.grants(Role.BILLING)).isFalse();
        assertThat(Role.VIEWER.grants(Role.OPERATOR)).isFalse();
        assertThat(Role.BILLING.grants(Role.VIEWER)).isFalse();
    }

    @Test
    void healthReadinessAndContractNeedNoToken() {
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        assertThat(api.get("/readyz", null).status()).isEqualTo(200);
        assertThat(api.get("/openapi.json", null).json().path("openapi").asText()).isEqualTo("3.1.0");
    }
}
