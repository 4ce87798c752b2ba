package io.poolpilot.api;

import io.poolpilot.api.support.InMemoryInventory;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Happy paths of inventory, metrics, policy, alerts and health over real HTTP. */
@ExtendWith(VertxExtension.class)
class ResourceTest {
    private TestApi api;

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void inventoryShowsPoolsHostsAndVmsWithLatestMetrics() {
        var pool = api.get("/v1/pools/pool-a", TestApi.VIEWER);
        assertThat(pool.status()).isEqualTo(200);
        assertThat(pool.contentType()).isEqualTo("application/json");
        assertThat(pool.json().path("policyMode").asText()).isEqualTo("manual");

        var hosts = api.get("/v1/pools/pool-a/hosts", TestApi.VIEWER).json().path("items");
        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(0).path("latest").path("cpuFraction").asDouble()).isEqualTo(0.2);

        var vm = api.get("/v1/vms/" + InMemoryInventory.vmUuid(4), TestApi.VIEWER).json();
        assertThat(vm.path("powerState").asText()).isEqualTo("running");
        assertThat(vm.path("hostUuid").asText()).isEqualTo(InMemoryInventory.hostUuid(1));
        assertThat(vm.path("latest").has("memoryInternalFreeBytes")).as("nulls are left out").isFalse();

        var missing = api.get("/v1/hosts/" + InMemoryInventory.vmUuid(4), TestApi.VIEWER);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).contains("host").contains(InMemoryInventory.vmUuid(4));
        assertThat(missing.json().path("instance").asText()).isEqualTo("/v1/hosts/" + InMemoryInventory.vmUuid(4));
        assertThat(missing.json().path("requestId").asText()).isEqualTo(missing.header("X-Request-Id"));
    }

    @Test
    void metricsDefaultToTheLastHourAndReportGapsAsNull() {
        var series = api.get("/v1/hosts/" + InMemoryInventory.hostUuid(0) + "/metrics", TestApi.VIEWER).json();
        assertThat(series.path("to").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(series.path("from").asText()).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(series.path("stepSeconds").asLong()).isEqualTo(5);
        assertThat(series.path("resolution").asText()).isEqualTo("raw");
        assertThat(series.path("points").get(3).path("values").get(0).isNull()).isTrue();
    }

    @Test
    void metricsTakeExplicitRangeAndStep() {
        var series = api.get("/v1/vms/" + InMemoryInventory.vmUuid(0)
                + "/metrics?from=2026-11-20T00:00:00Z&to=2026-11-25T00:00:00%2B01:00&step=PT1H", TestApi.VIEWER).json();
        assertThat(series.path("to").asText()).isEqualTo("2026-11-24T23:00:00Z");
        assertThat(series.path("stepSeconds").asLong()).isEqualTo(3600);
        assertThat(series.path("resolution").asText()).isEqualTo("hour");
    }

    @Test
    void policyRoundTripsAndChecksIfMatch() {
        var initial = api.get("/v1/pools/pool-a/policy", TestApi.VIEWER);
        assertThat(initial.header("ETag")).isEqualTo("\"1\"");
        String body = "{\"mode\":\"advisory\",\"limits\":{\"migrationsPerHour\":6,\"gibPerHour\":64.5,\"quietHours\":\"22:00-06:00\"},"
                + "\"advisory\":{\"imbalanceThreshold\":0.25,\"sustainedSeconds\":900},\"reason\":\"pilot week\"}";
        var put = api.send("PUT", "/v1/pools/pool-a/policy", TestApi.ADMIN, body, "If-Match", "\"1\"");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo("\"2\"");
        var now = api.get("/v1/pools/pool-a/policy", TestApi.VIEWER).json();
        assertThat(now.path("limits").path("quietHours").asText()).isEqualTo("22:00-06:00");
        assertThat(now.path("advisory").path("sustainedSeconds").asInt()).isEqualTo(900);
        assertThat(now.path("updatedBy").asText()).isEqualTo("ada-admin");

        var stale = api.send("PUT", "/v1/pools/pool-a/policy", TestApi.ADMIN, body, "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(api.audit.all()).hasSize(1);
        assertThat(api.audit.all().get(0).reason()).isEqualTo("pilot week");
        assertThat(api.audit.all().get(0).target()).isEqualTo("pool/pool-a");
    }

    @Test
    void alertsAreEmptyUntilDetectionLands() {
        var alerts = api.get("/v1/alerts", TestApi.VIEWER);
        assertThat(alerts.status()).isEqualTo(200);
        assertThat(alerts.body()).isEqualTo("{\"items\":[],\"next\":null}");
    }

    @Test
    void apiVerticleBindsLoopbackAndServes(Vertx vertx) throws Exception {
        var ports = new ApiPorts(io.poolpilot.api.port.TokenStore.of(java.util.List.of()), api.inventory,
                new io.poolpilot.api.support.InMemoryMetrics(api.inventory), api.plans, api.policies,
                io.poolpilot.api.port.AlertPort.none(), api.audit, api.events, io.poolpilot.api.port.ReadinessProbe.alwaysReady());
        ApiVerticle verticle = new ApiVerticle(ApiConfig.defaults().withPort(0), ports, TestApi.CLOCK);
        String id = vertx.deployVerticle(verticle).await(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + verticle.actualPort() + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
            client.close();
        } finally {
            vertx.undeploy(id).await(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void readinessIs503WhenADependencyIsDown(Vertx vertx) throws Exception {
        var ports = new ApiPorts(io.poolpilot.api.port.TokenStore.of(java.util.List.of()), api.inventory,
                new io.poolpilot.api.support.InMemoryMetrics(api.inventory), api.plans, api.policies,
                io.poolpilot.api.port.AlertPort.none(), api.audit, api.events,
                () -> io.vertx.core.Future.succeededFuture(new io.poolpilot.api.model.Readiness(false, java.util.Map.of("database", "connection refused"))));
        var server = ApiServer.start(vertx, ApiConfig.defaults().withPort(0), ports, TestApi.CLOCK,
                io.poolpilot.api.http.ResponseObserver.NONE).await(10, java.util.concurrent.TimeUnit.SECONDS);
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.actualPort() + "/readyz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("connection refused");
        } finally {
            server.close().await(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void responsesAreNotCachedAndCarryARequestId() {
        var response = api.get("/v1/pools", TestApi.VIEWER);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("X-Request-Id")).hasSize(36);
    }
}
