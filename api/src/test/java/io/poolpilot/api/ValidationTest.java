package io.poolpilot.api;

import io.poolpilot.api.support.InMemoryInventory;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Table-driven: bad input for every route gets a 4xx problem that names the bad field. */
@ExtendWith(VertxExtension.class)
class ValidationTest {
    static final String HOST = InMemoryInventory.hostUuid(0);
    static final String VM = InMemoryInventory.vmUuid(0);
    static final String PLAN = "30000000-0000-0000-0000-000000000001";

    /** One bad request: expected status, problem type slug, and (for validation) where and which field. */
    record Case(String method, String path, String body, String[] headers, int status, String type, String in, String field) {
        String name() {
            return method + " " + path + (body == null ? "" : " " + body) + " -> " + status + " " + field;
        }
    }

    static Case bad(String method, String path, String body, String in, String field) {
        return new Case(method, path, body, new String[0], 400, "validation", in, field);
    }

    static Case badQ(String path, String field) {
        return bad("GET", path, null, "query", field);
    }

    static Case badP(String path, String field) {
        return bad("GET", path, null, "path", field);
    }

    static Case with(int status, String type, String method, String path, String body, String... headers) {
        return new Case(method, path, body, headers, status, type, null, null);
    }

    static final String BIG = "{\"mode\":\"balance\",\"reason\":\"" + "x".repeat(70 * 1024) + "\"}";

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(badQ("/healthz?verbose=1", "verbose"));
        c.add(badQ("/readyz?x=1", "x"));
        c.add(badQ("/openapi.json?x=1", "x"));
        c.add(badQ("/v1/pools?limit=0", "limit"));
        c.add(badQ("/v1/pools?limit=501", "limit"));
        c.add(badQ("/v1/pools?limit=ten", "limit"));
        c.add(badQ("/v1/pools?limit=1&limit=2", "limit"));
        c.add(badQ("/v1/pools?sort=name", "sort"));
        c.add(new Case("GET", "/v1/pools?after=garbage", null, new String[0], 400, "invalid-cursor", "query", "after"));
        c.add(badP("/v1/pools/-pool", "poolId"));
        c.add(badP("/v1/pools/" + "p".repeat(65), "poolId"));
        c.add(badQ("/v1/pools/pool-a?x=1", "x"));
        c.add(badP("/v1/pools/pool%20a/hosts", "poolId"));
        c.add(badQ("/v1/pools/pool-a/hosts?limit=-1", "limit"));
        c.add(badP("/v1/pools/.x/vms", "poolId"));
        c.add(badQ("/v1/pools/pool-a/vms?limit=1.5", "limit"));
        c.add(badP("/v1/hosts/not-a-uuid", "hostUuid"));
        c.add(badP("/v1/hosts/0B7F0C4E-5C1A-4D9E-9A3E-2F6F3C1D2E4F", "hostUuid"));
        c.add(badP("/v1/hosts/xyz/metrics", "hostUuid"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?from=yesterday", "from"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z", "from"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=86400", "from"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?step=1", "step"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?step=P2D", "step"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?step=often", "step"));
        c.add(badQ("/v1/hosts/" + HOST + "/metrics?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&step=5", "step"));
        c.add(badP("/v1/vms/1234", "vmUuid"));
        c.add(badP("/v1/vms/1234/metrics", "vmUuid"));
        c.add(badQ("/v1/vms/" + VM + "/metrics?to=now", "to"));
        c.add(badQ("/v1/vms/" + VM + "/metrics?resolution=raw", "resolution"));

        String plans = "/v1/pools/pool-a/plans";
        c.add(bad("POST", plans, "{}", "body", "mode"));
        c.add(bad("POST", plans, "{\"mode\":\"shuffle\"}", "body", "mode"));
        c.add(bad("POST", plans, "{\"mode\":7}", "body", "mode"));
        c.add(bad("POST", plans, "{\"mode\":\"evacuate\"}", "body", "hostId"));
        c.add(bad("POST", plans, "{\"mode\":\"evacuate\",\"hostId\":\"h1\"}", "body", "hostId"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"hostId\":\"" + HOST + "\"}", "body", "hostId"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":{\"maxMigrations\":0}}", "body", "budgets.maxMigrations"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":{\"maxMigrations\":2.5}}", "body", "budgets.maxMigrations"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":{\"maxGiB\":-1}}", "body", "budgets.maxGiB"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":{\"timeLimitSeconds\":3601}}", "body", "budgets.timeLimitSeconds"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":{\"maxVms\":3}}", "body", "budgets.maxVms"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"budgets\":[]}", "body", "budgets"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"colour\":\"red\"}", "body", "colour"));
        c.add(bad("POST", plans, "{\"mode\":\"balance\",\"reason\":\"line\\nbreak\"}", "body", "reason"));
        c.add(bad("POST", plans + "?dryRun=true", "{\"mode\":\"balance\"}", "query", "dryRun"));
        c.add(bad("POST", "/v1/pools/-/plans", "{\"mode\":\"balance\"}", "path", "poolId"));
        c.add(with(400, "malformed-json", "POST", plans, "{\"mode\":"));
        c.add(with(400, "malformed-json", "POST", plans, "[\"balance\"]"));
        c.add(with(400, "malformed-json", "POST", plans, "{\"mode\":\"balance\",\"mode\":\"consolidate\"}"));
        c.add(with(415, "unsupported-media-type", "POST", plans, "mode=balance", "Content-Type", "application/x-www-form-urlencoded"));
        c.add(with(415, "unsupported-media-type", "POST", plans, "{\"mode\":\"balance\"}", "Content-Type", "text/plain"));
        c.add(with(413, "payload-too-large", "POST", plans, BIG));
        c.add(badQ("/v1/pools/pool-a/plans?limit=0", "limit"));
        c.add(badP("/v1/pools/-a/plans", "poolId"));
        c.add(badP("/v1/plans/42", "planId"));

        String approve = "/v1/plans/" + PLAN + "/approve";
        c.add(new Case("POST", approve, null, new String[] {"If-Match", "1"}, 400, "validation", "header", "If-Match"));
        c.add(new Case("POST", approve, null, new String[] {"If-Match", "W/\"1\""}, 400, "validation", "header", "If-Match"));
        c.add(new Case("POST", approve, "{\"why\":\"x\"}", new String[] {"If-Match", "\"1\""}, 400, "validation", "body", "why"));
        c.add(new Case("POST", "/v1/plans/nope/approve", null, new String[] {"If-Match", "\"1\""}, 400, "validation", "path", "planId"));
        c.add(with(428, "precondition-required", "POST", approve, null));
        c.add(with(428, "precondition-required", "POST", approve, null, "If-Match", "*"));
        c.add(with(413, "payload-too-large", "POST", approve, BIG, "If-Match", "\"1\""));
        c.add(with(415, "unsupported-media-type", "POST", approve, "{}", "If-Match", "\"1\"", "Content-Type", "text/json"));
        String reject = "/v1/plans/" + PLAN + "/reject";
        c.add(bad("POST", reject, null, "body", "reason"));
        c.add(bad("POST", reject, "{\"reason\":\"   \"}", "body", "reason"));
        c.add(bad("POST", reject, "{\"reason\":\"" + "r".repeat(501) + "\"}", "body", "reason"));
        c.add(new Case("POST", reject, "{\"reason\":\"no\"}", new String[] {"If-Match", "latest"}, 400, "validation", "header", "If-Match"));
        c.add(with(413, "payload-too-large", "POST", reject, BIG));
        c.add(with(415, "unsupported-media-type", "POST", reject, "{\"reason\":\"no\"}", "Content-Type", "application/xml"));
        String cancel = "/v1/plans/" + PLAN + "/cancel";
        c.add(bad("POST", cancel, "{}", "body", "reason"));
        c.add(bad("POST", cancel, "{\"reason\":5}", "body", "reason"));
        c.add(bad("POST", "/v1/plans/0B7F0C4E-5C1A-4D9E-9A3E-2F6F3C1D2E4F/cancel", "{\"reason\":\"x\"}", "path", "planId"));
        c.add(with(413, "payload-too-large", "POST", cancel, BIG));
        c.add(with(415, "unsupported-media-type", "POST", cancel, "{\"reason\":\"x\"}", "Content-Type", "multipart/form-data"));

        String policy = "/v1/pools/pool-a/policy";
        c.add(badP("/v1/pools/_/policy", "poolId"));
        c.add(bad("PUT", policy, "{\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1}}", "body", "mode"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\"}", "body", "limits"));
        c.add(bad("PUT", policy, "{\"mode\":\"eager\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1}}", "body", "mode"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":-1,\"gibPerHour\":1}}", "body", "limits.migrationsPerHour"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":\"lots\"}}", "body", "limits.gibPerHour"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1}}", "body", "limits.gibPerHour"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1,\"quietHours\":\"25:00-06:00\"}}", "body", "limits.quietHours"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1,\"quietHours\":\"22:00-22:00\"}}", "body", "limits.quietHours"));
        c.add(bad("PUT", policy, "{\"mode\":\"automatic\",\"limits\":{\"migrationsPerHour\":0,\"gibPerHour\":1}}", "body", "limits.migrationsPerHour"));
        c.add(bad("PUT", policy, "{\"mode\":\"advisory\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1}}", "body", "advisory"));
        c.add(bad("PUT", policy, "{\"mode\":\"advisory\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1},\"advisory\":{\"imbalanceThreshold\":2,\"sustainedSeconds\":600}}", "body", "advisory.imbalanceThreshold"));
        c.add(bad("PUT", policy, "{\"mode\":\"advisory\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1},\"advisory\":{\"imbalanceThreshold\":0.2,\"sustainedSeconds\":5}}", "body", "advisory.sustainedSeconds"));
        c.add(bad("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1,\"burst\":3}}", "body", "limits.burst"));
        c.add(new Case("PUT", policy, "{\"mode\":\"manual\",\"limits\":{\"migrationsPerHour\":1,\"gibPerHour\":1}}", new String[] {"If-Match", "v1"}, 400, "validation", "header", "If-Match"));
        c.add(with(413, "payload-too-large", "PUT", policy, BIG));
        c.add(with(415, "unsupported-media-type", "PUT", policy, "{}", "Content-Type", "text/yaml"));
        c.add(with(400, "malformed-json", "PUT", policy, "\"manual\""));

        c.add(badQ("/v1/alerts?limit=x", "limit"));
        c.add(badQ("/v1/alerts?state=closed", "state"));
        c.add(badQ("/v1/alerts?pool=" + "p".repeat(70), "pool"));
        c.add(badQ("/v1/alerts?kind=Host_Down", "kind"));
        c.add(badQ("/v1/alerts?severity=critical", "severity"));
        c.add(new Case("GET", "/v1/alerts?after=abc.def", null, new String[0], 400, "invalid-cursor", "query", "after"));
        c.add(badQ("/v1/audit?limit=9999", "limit"));
        c.add(new Case("GET", "/v1/audit?after=" + "a".repeat(2000), null, new String[0], 400, "invalid-cursor", "query", "after"));
        c.add(badQ("/v1/events?types=plan", "types"));

        String range = "from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
        c.add(badQ("/v1/usage", "from"));
        c.add(badQ("/v1/usage?from=2026-11-01T00:00:00Z", "to"));
        c.add(badQ("/v1/usage?to=2026-11-01T00:00:00Z", "from"));
        c.add(badQ("/v1/usage?from=yesterday&to=2026-11-02T00:00:00Z", "from"));
        c.add(badQ("/v1/usage?from=2026-11-01T00:00:00Z&to=2026-11-32T00:00:00Z", "to"));
        c.add(badQ("/v1/usage?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from"));
        c.add(badQ("/v1/usage?from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from"));
        c.add(badQ("/v1/usage?from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:00Z", "from"));
        c.add(badQ("/v1/usage?" + range + "&granularity=week", "granularity"));
        c.add(badQ("/v1/usage?" + range + "&granularity=DAY", "granularity"));
        c.add(badQ("/v1/usage?" + range + "&account=-acme", "account"));
        c.add(badQ("/v1/usage?" + range + "&account=" + "a".repeat(129), "account"));
        c.add(badQ("/v1/usage?" + range + "&account=", "account"));
        c.add(badQ("/v1/usage?" + range + "&vm=1234", "vm"));
        c.add(badQ("/v1/usage?" + range + "&pool=pool-a", "pool"));
        c.add(badQ("/v1/usage?" + range + "&account=acme&account=globex", "account"));
        c.add(with(406, "not-acceptable", "GET", "/v1/usage?" + range, null, "Accept", "application/xml"));
        c.add(with(406, "not-acceptable", "GET", "/v1/usage?" + range, null, "Accept", "text/csv;q=0, application/json;q=0"));
        c.add(badQ("/v1/usage/feed?limit=0", "limit"));
        c.add(badQ("/v1/usage/feed?limit=10001", "limit"));
        c.add(badQ("/v1/usage/feed?limit=ten", "limit"));
        c.add(badQ("/v1/usage/feed?since=0", "since"));
        c.add(new Case("GET", "/v1/usage/feed?after=%24%24", null, new String[0], 400, "invalid-cursor", "query", "after"));
        c.add(new Case("GET", "/v1/usage/feed?after=abc", null, new String[0], 400, "invalid-cursor", "query", "after"));
        c.add(new Case("GET", "/v1/usage/feed?after=999", null, new String[0], 400, "invalid-cursor", "query", "after"));

        String suspend = "/v1/accounts/acme/suspend";
        c.add(bad("POST", suspend, "{}", "body", "mode"));
        c.add(bad("POST", suspend, "{}", "body", "reason"));
        c.add(bad("POST", suspend, "{\"mode\":\"pause\",\"reason\":\"unpaid\"}", "body", "mode"));
        c.add(bad("POST", suspend, "{\"mode\":\"suspend\"}", "body", "reason"));
        c.add(bad("POST", suspend, "{\"mode\":\"suspend\",\"reason\":\" \"}", "body", "reason"));
        c.add(bad("POST", suspend, "{\"mode\":\"suspend\",\"reason\":\"unpaid\",\"force\":true}", "body", "force"));
        c.add(bad("POST", suspend + "?dryRun=1", "{\"mode\":\"suspend\",\"reason\":\"unpaid\"}", "query", "dryRun"));
        c.add(bad("POST", "/v1/accounts/-acme/suspend", "{\"mode\":\"suspend\",\"reason\":\"unpaid\"}", "path", "accountId"));
        c.add(with(400, "malformed-json", "POST", suspend, "{\"mode\":"));
        c.add(with(413, "payload-too-large", "POST", suspend, BIG));
        c.add(with(415, "unsupported-media-type", "POST", suspend, "{\"mode\":\"suspend\",\"reason\":\"x\"}", "Content-Type", "text/plain"));
        String resume = "/v1/accounts/acme/resume";
        c.add(bad("POST", resume, null, "body", "reason"));
        c.add(bad("POST", resume, "{\"reason\":\"paid\",\"mode\":\"suspend\"}", "body", "mode"));
        c.add(bad("POST", resume, "{\"reason\":\"" + "r".repeat(501) + "\"}", "body", "reason"));
        c.add(bad("POST", "/v1/accounts/acme%2Fx/resume", "{\"reason\":\"paid\"}", "path", "accountId"));
        c.add(with(413, "payload-too-large", "POST", resume, BIG));
        c.add(with(415, "unsupported-media-type", "POST", resume, "{\"reason\":\"paid\"}", "Content-Type", "application/xml"));
        c.add(badP("/v1/accounts/operations/42", "operationId"));
        c.add(badQ("/v1/accounts/operations/" + PLAN + "?verbose=1", "verbose"));
        String actions = "/v1/vms/" + VM + "/actions";
        c.add(bad("POST", actions, null, "body", "action"));
        c.add(bad("POST", actions, "{\"action\":\"warp\",\"reason\":\"x\"}", "body", "action"));
        c.add(bad("POST", actions, "{\"action\":\"start\"}", "body", "reason"));
        c.add(bad("POST", actions, "{\"action\":\"migrate\",\"reason\":\"x\"}", "body", "hostId"));
        c.add(bad("POST", actions, "{\"action\":\"migrate\",\"hostId\":\"h-01\",\"reason\":\"x\"}", "body", "hostId"));
        c.add(bad("POST", actions, "{\"action\":\"reboot\",\"hostId\":\"" + HOST + "\",\"reason\":\"x\"}", "body", "hostId"));
        c.add(bad("POST", actions, "{\"action\":\"start\",\"reason\":\"x\",\"force\":true}", "body", "force"));
        c.add(bad("POST", "/v1/vms/not-a-uuid/actions", "{\"action\":\"start\",\"reason\":\"x\"}", "path", "vmUuid"));
        c.add(new Case("POST", actions, "{\"action\":\"start\",\"reason\":\"x\"}", new String[]{"Idempotency-Key", "k".repeat(129)},
                400, "validation", "header", "Idempotency-Key"));
        c.add(with(415, "unsupported-media-type", "POST", actions, "{\"action\":\"start\",\"reason\":\"x\"}", "Content-Type", "text/plain"));
        c.add(bad("POST", "/v1/vms/not-a-uuid/console", null, "path", "vmUuid"));
        c.add(bad("POST", "/v1/vms/" + VM + "/console?viewOnly=1", null, "query", "viewOnly"));
        c.add(badQ("/v1/consoles/websocket", "ticket"));
        c.add(badQ("/v1/consoles/websocket?ticket=" + "t".repeat(129), "ticket"));
        c.add(badQ("/v1/consoles/websocket?ticket=abc&vm=x", "vm"));
        String maintenance = "/v1/hosts/" + HOST + "/maintenance";
        c.add(bad("POST", maintenance, "{\"action\":\"sleep\",\"reason\":\"x\"}", "body", "action"));
        c.add(bad("POST", maintenance, "{\"action\":\"enter\"}", "body", "reason"));
        c.add(bad("POST", "/v1/hosts/h-01/maintenance", "{\"action\":\"enter\",\"reason\":\"x\"}", "path", "hostUuid"));
        c.add(badP("/v1/operations/42", "operationId"));
        c.add(badQ("/v1/operations/" + PLAN + "?verbose=1", "verbose"));
        c.add(badQ("/v1/answers?pool=" + "x".repeat(65), "pool"));
        c.add(badP("/v1/answers/42", "answerId"));
        c.add(bad("POST", "/v1/answers/42/approve", "{}", "path", "answerId"));
        c.add(bad("POST", "/v1/answers/" + PLAN + "/reject", "{}", "body", "reason"));
        return c;
    }

    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
        // The plan the /approve, /reject and /cancel cases address, so a 404 cannot hide a missing check.
        api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyBadInputIsRefusedWithAProblemNamingTheField() {
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            var response = api.send(c.method(), c.path(), TestApi.ADMIN, c.body(), c.headers());
            String why = check(c, response);
            if (why != null) {
                failures.add(c.name() + ": " + why + " / got " + response.status() + " " + abbreviate(response.body()));
            }
        }
        assertThat(failures).isEmpty();
        // Nothing invalid reached the plan port: still only the plan made in start().
        assertThat(api.plans.plans("pool-a", new io.poolpilot.api.model.PageRequest(10, null)).result().items()).hasSize(1);
        // ...nor the account port: no VM changed power state, and nothing was audited.
        assertThat(api.accounts.powerChanges()).isZero();
        assertThat(api.audit.all()).noneMatch(e -> e.action().startsWith("account."));
    }

    @Test
    void everyRouteHasAtLeastOneBadInputCase() {
        Set<String> covered = new HashSet<>();
        for (Case c : cases()) {
            String path = c.path().split("\\?")[0];
            api.router.routes().stream()
                    .filter(r -> r.method().name().equals(c.method()) && matches(r.path(), path))
                    .forEach(r -> covered.add(r.operationId()));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(api.router.routes().stream().map(r -> r.operationId()).toList());
    }

    @Test
    void oneRequestWithSeveralBadFieldsNamesThemAll() {
        var response = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR,
                "{\"mode\":\"warp\",\"budgets\":{\"maxMigrations\":0,\"maxGiB\":0},\"extra\":1}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("mode", "budgets.maxMigrations", "budgets.maxGiB", "extra");
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() {
        byte[] body = ("{\"reason\":\"" + "x".repeat(100 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var response = api.sendChunked("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, body);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.problemType()).isEqualTo("payload-too-large");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        var missing = api.get("/v1/nothing", TestApi.ADMIN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        var wrongMethod = api.send("DELETE", "/v1/pools/pool-a/policy", TestApi.ADMIN, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, PUT");
    }

    private static String check(Case c, TestApi.Response response) {
        if (response.status() != c.status()) {
            return "status";
        }
        if (!"application/problem+json".equals(response.contentType())) {
            return "content type " + response.contentType();
        }
        var json = response.json();
        if (!c.type().equals(response.problemType()) || json.path("status").asInt() != c.status()
                || json.path("title").asText().isEmpty() || json.path("detail").asText().isEmpty()) {
            return "problem document";
        }
        if (c.field() != null) {
            boolean named = false;
            for (var error : json.path("errors")) {
                named |= c.field().equals(error.path("field").asText()) && c.in().equals(error.path("in").asText())
                        && !error.path("detail").asText().isEmpty();
            }
            if (!named) {
                return "errors do not name " + c.in() + " " + c.field();
            }
        }
        return null;
    }

    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith("{") && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
