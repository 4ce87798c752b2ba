package io.poolpilot.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.api.http.Json;
import io.poolpilot.api.http.Route;
import io.poolpilot.api.resource.HealthResource;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is the contract: it must list exactly the router's routes, roles, and the responses handlers send. */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private TestApi api;
    private JsonNode doc;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        api = new TestApi(vertx);
        doc = Json.MAPPER.readTree(HealthResource.loadOpenApi());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode operation(String method, String path) {
        return doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }

    @Test
    void documentListsExactlyTheRoutesOfTheRouter() {
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        // What Vert.x Web actually routes (":poolId" spelled "{poolId}"), not what we read from the document.
        Set<String> routed = new TreeSet<>();
        for (io.vertx.ext.web.Route route : api.router.router().getRoutes()) {
            // The web UI's own paths (its login trading a token for a session cookie) are no part of the API.
            if (route.getPath() != null && route.methods() != null && !route.getPath().startsWith("/ui/")) {
                route.methods().forEach(m -> routed.add(m.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}")));
            }
        }
        assertThat(documented).as("documented but not routed / routed but not documented").isEqualTo(routed);
    }

    @Test
    void operationIdsRolesAndSecurityMatchTheRouteTable() {
        for (Route route : api.router.routes()) {
            JsonNode op = operation(route.method().name(), route.path());
            assertThat(op.path("operationId").asText()).as(route.path()).isEqualTo(route.operationId());
            assertThat(op.path("x-poolpilot-role").asText()).as(route.path())
                    .isEqualTo(route.role() == null ? "public" : route.role().wire());
            assertThat(op.path("security").isEmpty()).as(route.path() + " security").isEqualTo(!route.authenticated());
            assertThat(op.has("requestBody")).as(route.path() + " requestBody").isEqualTo(route.jsonBody());
            if (route.authenticated()) {
                assertThat(op.path("responses").has("401") && op.path("responses").has("403")).as(route.path()).isTrue();
            }
            if (route.jsonBody()) {
                assertThat(op.path("responses").has("413") && op.path("responses").has("415")).as(route.path()).isTrue();
            }
        }
    }

    @Test
    void pathParametersOfEveryRouteAreDeclared() {
        for (Route route : api.router.routes()) {
            List<String> inPath = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.path());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            List<String> declared = new ArrayList<>();
            for (JsonNode p : operation(route.method().name(), route.path()).path("parameters")) {
                JsonNode resolved = resolve(p);
                if ("path".equals(resolved.path("in").asText())) {
                    declared.add(resolved.path("name").asText());
                }
            }
            assertThat(declared).as(route.path()).containsExactlyInAnyOrderElementsOf(inPath);
        }
    }

    @Test
    void everyStatusAndContentTypeSentByHandlersIsDocumented() {
        exercise();
        Set<String> seenOperations = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();
        for (TestApi.Observed o : api.observed) {
            if (o.operationId() == null) {
                continue; // 404/405 before any route matched: not an operation's response
            }
            seenOperations.add(o.operationId());
            Route route = api.router.routes().stream().filter(r -> r.operationId().equals(o.operationId())).findFirst().orElseThrow();
            JsonNode response = resolve(operation(route.method().name(), route.path()).path("responses").path(Integer.toString(o.status())));
            if (response.isMissingNode()) {
                undocumented.add(o.operationId() + " " + o.status());
            } else if (o.contentType() != null && !response.path("content").has(o.contentType())) {
                undocumented.add(o.operationId() + " " + o.status() + " " + o.contentType());
            }
        }
        assertThat(undocumented).isEmpty();
        assertThat(seenOperations).as("every operation was exercised")
                .containsAll(api.router.routes().stream().map(Route::operationId).toList());
    }

    @Test
    void aPlanBodyHasExactlyTheFieldsItsSchemaDeclaresDownToEachHostForecast() {
        String plan = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}")
                .json().path("id").asText();
        JsonNode body = api.get("/v1/plans/" + plan, TestApi.VIEWER).json();
        assertFieldsDeclared("Plan", body);
        assertFieldsDeclared("PlanForecast", body.path("forecast"));
        assertThat(body.path("forecast").path("after")).isNotEmpty();
        for (JsonNode host : body.path("forecast").path("before")) {
            assertFieldsDeclared("HostForecast", host);
        }
        assertFieldsDeclared("PlanStep", body.path("steps").get(0));
    }

    @Test
    void everyJsonBodyTheReadEndpointsServeMatchesItsDocumentedSchema() {
        String host = InMemoryInventory.hostUuid(0);
        String vm = InMemoryInventory.vmUuid(0);
        String plan = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}")
                .json().path("id").asText();
        List<String> checked = new ArrayList<>();
        for (String path : List.of("/healthz", "/readyz", "/v1/pools", "/v1/pools/pool-a", "/v1/pools/pool-a/hosts",
                "/v1/pools/pool-a/vms", "/v1/hosts/" + host, "/v1/hosts/" + host + "/metrics", "/v1/vms/" + vm,
                "/v1/vms/" + vm + "/metrics?step=PT1M", "/v1/pools/pool-a/plans", "/v1/plans/" + plan,
                "/v1/pools/pool-a/policy", "/v1/alerts", "/v1/audit")) {
            TestApi.Response response = api.get(path, TestApi.ADMIN);
            assertThat(response.status()).as(path).isEqualTo(200);
            String template = template(path.replaceAll("\\?.*", ""));
            JsonNode schema = operation("GET", template).path("responses").path("200").path("content")
                    .path("application/json").path("schema");
            assertThat(schema.isMissingNode()).as("documented JSON schema of GET " + template).isFalse();
            checked.add(template);
        }
        // TestApi ran vertx-openapi's response validator on each of them.
        assertThat(api.contractViolations).as("schema mismatches in " + checked).isEmpty();
    }

    /** The documented path a concrete one was served by. */
    private String template(String path) {
        for (var names = doc.path("paths").fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (path.matches(candidate.replaceAll("\\{[^}]+}", "[^/]+"))) {
                return candidate;
            }
        }
        throw new AssertionError("no documented path serves " + path);
    }

    /** Every field present is a declared property, and every required property is present. */
    private void assertFieldsDeclared(String schema, JsonNode body) {
        JsonNode declared = doc.path("components").path("schemas").path(schema);
        Set<String> properties = new TreeSet<>();
        declared.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> present = new TreeSet<>();
        body.fieldNames().forEachRemaining(present::add);
        assertThat(properties).as(schema + " properties").containsAll(present);
        List<String> required = new ArrayList<>();
        declared.path("required").forEach(r -> required.add(r.asText()));
        assertThat(present).as(schema + " required fields").containsAll(required);
    }

    /** Success, auth failures and every validation case, so the observed set covers what handlers can send. */
    private void exercise() {
        String host = InMemoryInventory.hostUuid(0);
        String vm = InMemoryInventory.vmUuid(0);
        var proposed = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}");
        String plan = proposed.json().path("id").asText();
        for (String path : List.of("/healthz", "/readyz", "/openapi.json", "/v1/pools", "/v1/pools/pool-a", "/v1/pools/pool-z",
                "/v1/pools/pool-a/hosts", "/v1/pools/pool-z/hosts", "/v1/pools/pool-a/vms", "/v1/pools/pool-z/vms",
                "/v1/hosts/" + host, "/v1/hosts/" + vm, "/v1/hosts/" + host + "/metrics", "/v1/hosts/" + vm + "/metrics",
                "/v1/vms/" + vm, "/v1/vms/" + host, "/v1/vms/" + vm + "/metrics?step=PT1M", "/v1/vms/" + host + "/metrics",
                "/v1/pools/pool-a/plans", "/v1/pools/pool-z/plans", "/v1/plans/" + plan, "/v1/plans/" + vm,
                "/v1/pools/pool-a/policy", "/v1/pools/pool-z/policy", "/v1/alerts", "/v1/audit")) {
            api.get(path, TestApi.ADMIN);
        }
        // Consoles are not wired in the in-memory API (503); the WebSocket route refuses a plain GET (400).
        api.send("POST", "/v1/vms/" + vm + "/console", TestApi.OPERATOR, null);
        api.send("POST", "/v1/vms/" + vm + "/console", TestApi.VIEWER, null);
        api.get("/v1/consoles/websocket?ticket=abc", null);
        for (Route route : api.router.routes()) {
            if (route.authenticated()) {
                api.send(route.method().name(), AuthTest.concrete(route.path()), null, null);
                api.send(route.method().name(), AuthTest.concrete(route.path()), TestApi.BILLING, null);
            }
        }
        api.send("POST", "/v1/pools/pool-z/plans", TestApi.OPERATOR, "{\"mode\":\"balance\"}");
        api.send("POST", "/v1/plans/" + plan + "/approve", TestApi.OPERATOR, null, "If-Match", "\"9\"");
        api.plans.drift(plan, List.of("host-a1 disabled"));
        api.send("POST", "/v1/plans/" + plan + "/approve", TestApi.OPERATOR, null, "If-Match", "\"1\"");
        api.plans.clearDrift(plan);
        api.send("POST", "/v1/plans/" + plan + "/approve", TestApi.OPERATOR, null, "If-Match", "\"1\"");
        api.send("POST", "/v1/plans/" + vm + "/approve", TestApi.OPERATOR, null, "If-Match", "\"1\"");
        api.send("POST", "/v1/plans/" + plan + "/reject", TestApi.OPERATOR, "{\"reason\":\"late\"}");
        api.send("POST", "/v1/plans/" + vm + "/reject", TestApi.OPERATOR, "{\"reason\":\"late\"}");
        api.send("POST", "/v1/plans/" + plan + "/cancel", TestApi.OPERATOR, "{\"reason\":\"stop\"}", "If-Match", "\"1\"");
        api.send("POST", "/v1/plans/" + plan + "/cancel", TestApi.OPERATOR, "{\"reason\":\"stop\"}");
        api.send("POST", "/v1/plans/" + vm + "/cancel", TestApi.OPERATOR, "{\"reason\":\"stop\"}");
        String policy = "{\"mode\":\"automatic\",\"limits\":{\"migrationsPerHour\":6,\"gibPerHour\":64,\"quietHours\":\"22:00-06:00\"}}";
        api.send("PUT", "/v1/pools/pool-a/policy", TestApi.ADMIN, policy);
        api.send("PUT", "/v1/pools/pool-a/policy", TestApi.ADMIN, policy, "If-Match", "\"1\"");
        api.send("PUT", "/v1/pools/pool-z/policy", TestApi.ADMIN, policy);
        String usage = "/v1/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&granularity=day";
        api.usage.append(vm, "acme", java.time.Instant.parse("2026-11-03T10:00:00Z"), 0, 1800);
        api.get(usage, TestApi.BILLING);
        api.send("GET", usage, TestApi.BILLING, null, "Accept", "text/csv");
        api.get("/v1/usage/feed?limit=1", TestApi.BILLING);
        var suspended = api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, "{\"mode\":\"shutdown\",\"reason\":\"unpaid\"}");
        api.get(suspended.header("Location"), TestApi.BILLING);
        api.get("/v1/accounts/operations/" + plan, TestApi.BILLING);
        api.send("POST", "/v1/accounts/acme/resume", TestApi.BILLING, "{\"reason\":\"paid\"}");
        for (ValidationTest.Case c : ValidationTest.cases()) {
            api.send(c.method(), c.path(), TestApi.ADMIN, c.body(), c.headers());
        }
        // SSE: the 200 text/event-stream response is observed when the stream opens.
        Thread sse = new Thread(() -> {
            try {
                api.send("GET", "/v1/events", TestApi.VIEWER, null);
            } catch (RuntimeException expectedWhenTheTestEnds) {
                // the stream never ends; the client is shut down after the test
            }
        });
        sse.setDaemon(true);
        sse.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.observed.stream().noneMatch(o -> "streamEvents".equals(o.operationId()) && o.status() == 200)) {
            assertThat(System.nanoTime()).as("SSE stream opened in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        JsonNode target = doc;
        for (String part : node.path("$ref").asText().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
