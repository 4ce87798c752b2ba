package io.poolpilot.daemon.manage;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolpilot.api.model.Readiness;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.runtime.DaemonVertx;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port over a real socket, with a real embedded PostgreSQL behind the storage check
 * and the daemon's own metrics-enabled Vertx. The last test stops the database, so order matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementServerTest {

    @TempDir
    static Path work;
    static EmbeddedDatabase database;
    static PrometheusMeterRegistry registry;
    static Vertx vertx;
    static BlockingPool probes;
    static StorageProbe storage;
    static DaemonReadiness readiness;
    static final AtomicBoolean alphaSynced = new AtomicBoolean(true);
    static final HttpClient http = HttpClient.newHttpClient();
    static int port;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        vertx = DaemonVertx.create(registry);
        probes = new BlockingPool("health", 1, registry);
        storage = new StorageProbe(database.dataSource(), probes, Clock.systemUTC(), registry);
        readiness = new DaemonReadiness(List.of("alpha"), pool -> alphaSynced.get(), "plain", storage,
                () -> new JsonObject().put("dbWriterCommittedIndex", 41L));
        ManagementServer server = new ManagementServer(0, registry, readiness);
        await(vertx.deployVerticle(server));
        port = server.actualPort();
        await(storage.probe(vertx.getOrCreateContext()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        if (probes != null) {
            probes.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void livenessIsUpWhileTheEventLoopAnswers() throws Exception {
        HttpResponse<String> live = get("/healthz");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonObject body = new JsonObject(live.body());
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonArray("checks").getJsonObject(0).getString("id")).isEqualTo("event-loop");
    }

    @Test
    @Order(1)
    void clientAskingForHttp2IsAnsweredOverHttp11() throws Exception {
        HttpResponse<String> live = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
                HttpRequest.newBuilder(uri("/metrics")).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.version()).as("no h2c upgrade on the management port").isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    @Order(2)
    void readinessIsUpAndShowsEveryConditionByNameWhenAllHold() throws Exception {
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("UP");
        JsonObject collection = check(body.getJsonArray("checks"), "collection");
        JsonObject alpha = check(collection.getJsonArray("checks"), "alpha");
        assertThat(alpha.getString("status")).isEqualTo("UP");
        assertThat(alpha.getJsonObject("data").getString("state")).isEqualTo("synced");
        JsonObject storageCheck = check(body.getJsonArray("checks"), "storage");
        assertThat(storageCheck.getString("status")).isEqualTo("UP");
        assertThat(storageCheck.getJsonObject("data").getString("flavour")).isEqualTo("plain");
        assertThat(check(body.getJsonArray("checks"), "journal").getJsonObject("data").getLong("dbWriterCommittedIndex"))
                .isEqualTo(41L);
        assertThat(readiness.forApi()).isEqualTo(new Readiness(true,
                java.util.Map.of("pool alpha", "synced", "storage", "plain")));
    }

    @Test
    @Order(3)
    void aPoolStillConnectingMakesReadinessDownAndIsNamed() throws Exception {
        alphaSynced.set(false);
        try {
            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonObject body = new JsonObject(ready.body());
            assertThat(body.getString("status")).isEqualTo("DOWN");
            JsonObject alpha = check(check(body.getJsonArray("checks"), "collection").getJsonArray("checks"), "alpha");
            assertThat(alpha.getString("status")).isEqualTo("DOWN");
            assertThat(alpha.getJsonObject("data").getString("state")).isEqualTo("connecting");
            assertThat(check(body.getJsonArray("checks"), "storage").getString("status")).isEqualTo("UP");
            assertThat(get("/readyz/storage").statusCode()).isEqualTo(200);
        } finally {
            alphaSynced.set(true);
        }
    }

    @Test
    @Order(4)
    void metricsServeThePoolPilotMetersAndVertxOwnHttpServerMetersByRouteTemplate() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        // Event-bus meters appear once the bus carries a message (the daemon itself sends none today).
        vertx.eventBus().consumer("test.ping", message -> message.reply("pong"));
        assertThat(await(vertx.eventBus().request("test.ping", "ping")).body()).isEqualTo("pong");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("poolpilot_blocking_active{pool=\"health\"}")
                .contains("poolpilot_store_probe_failures_total")
                .containsPattern("vertx_http_server_requests_total\\{[^}]*route=\"/healthz\"")
                .containsPattern("vertx_http_server_response_time_seconds_count\\{[^}]*code=\"200\"")
                .contains("vertx_eventbus_processed_total")
                .doesNotContain("path=\"").doesNotContain("address=\"test.ping\"");
    }

    @Test
    @Order(5)
    void anUnknownPathIs404AndAWrongMethodIs405AsProblems() throws Exception {
        HttpResponse<String> missing = get("/status");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(new JsonObject(missing.body()).getString("type")).isEqualTo("urn:poolpilot:problem:not-found");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/readyz"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        assertThat(new JsonObject(post.body()).getString("type")).isEqualTo("urn:poolpilot:problem:method-not-allowed");
    }

    @Test
    @Order(6)
    void readinessIsDownAndNamesStorageOnceTheDatabaseStops() throws Exception {
        database.close();
        database = null;
        StorageProbe.Outcome outcome = await(storage.probe(vertx.getOrCreateContext()));
        assertThat(outcome.up()).isFalse();

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        JsonObject storageCheck = check(body.getJsonArray("checks"), "storage");
        assertThat(storageCheck.getString("status")).isEqualTo("DOWN");
        assertThat(storageCheck.getJsonObject("data").getString("error")).isNotBlank();
        assertThat(check(check(body.getJsonArray("checks"), "collection").getJsonArray("checks"), "alpha")
                .getString("status")).isEqualTo("UP");
        assertThat(get("/readyz/storage").statusCode()).isEqualTo(503);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        Readiness api = readiness.forApi();
        assertThat(api.ready()).isFalse();
        assertThat(api.checks().get("storage")).startsWith("down: ");
        assertThat(registry.find("poolpilot.store.probe.failures").counter().count()).isEqualTo(1.0);
    }

    private static JsonObject check(JsonArray checks, String id) {
        for (int i = 0; i < checks.size(); i++) {
            if (id.equals(checks.getJsonObject(i).getString("id"))) {
                return checks.getJsonObject(i);
            }
        }
        throw new AssertionError("no check '" + id + "' in " + checks.encode());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
