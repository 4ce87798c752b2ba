package io.poolpilot.daemon.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.ApiConfig;
import io.poolpilot.api.ApiPorts;
import io.poolpilot.api.ApiServer;
import io.poolpilot.api.auth.ApiToken;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.api.model.AuditEntry;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.AuditLog;
import io.poolpilot.api.port.EventStream;
import io.poolpilot.api.port.InventoryPort;
import io.poolpilot.api.port.MetricsPort;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.PolicyPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.api.port.ReadinessProbe;
import io.poolpilot.api.port.TokenStore;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.daemon.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing routes over real HTTP, served by {@link BillingPorts} over a real PostgreSQL with the usage
 * schema: the feed pages the stored records in record_seq order, usage sums them, suspend writes and
 * reads back a real operation.
 */
class BillingApiEndToEndTest {
    private static final String TOKEN = "billing-e2e-token-0123456789abcdef0123456789abcdef";
    private static final Instant H = Instant.parse("2026-11-03T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(H.plusSeconds(86_400), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedDatabase postgres;
    private static DataSource ds;
    private static Vertx vertx;
    private static BlockingPool pool;
    private static HttpServer server;
    private static final List<AuditEntry> AUDIT = new CopyOnWriteArrayList<>();
    private static final List<String> RECORD_IDS = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @SuppressWarnings("unchecked")
    private static <T> T absent(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> Future.failedFuture(new PortFailure.Unavailable("not part of this test")));
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedDatabase.start(Files.createTempDirectory("pp-billing-api"), 0, false);
        ds = postgres.createDatabase("billing_api");
        StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
        for (int i = 0; i < 17; i++) {
            String vm = String.format("b0000000-0000-0000-0000-%012d", i % 3);
            Instant hour = H.plusSeconds(3600L * (i / 3));
            RECORD_IDS.add(insert(vm, i % 3 == 2 ? "globex" : "acme", hour, 100.0 * (i + 1)));
        }
        vertx = Vertx.vertx();
        pool = new BlockingPool("billing-api-test", 4, new SimpleMeterRegistry());
        AccountControl control = new AccountControl(ds, List.of(), "billing_account", AuditSink.logging(), CLOCK,
                new SimpleMeterRegistry());
        BillingPorts billing = BillingPorts.on(pool, vertx, new UsageQueries(ds), control,
                new KnownAccounts(ds, List.of(), "billing_account"));
        AuditLog audit = new AuditLog() {
            @Override
            public Future<AuditEntry> record(AuditEntry entry) {
                AuditEntry stored = entry.withId(Integer.toString(AUDIT.size() + 1));
                AUDIT.add(stored);
                return Future.succeededFuture(stored);
            }

            @Override
            public Future<Page<AuditEntry>> entries(PageRequest page) {
                return Future.succeededFuture(new Page<>(AUDIT, null));
            }
        };
        TokenStore tokens = TokenStore.of(List.of(new ApiToken("bill", TokenDigest.sha256Hex(TOKEN), Set.of(Role.BILLING), false)));
        ApiPorts ports = new ApiPorts(tokens, absent(InventoryPort.class), absent(MetricsPort.class), absent(PlanPort.class),
                absent(PolicyPort.class), AlertPort.none(), audit, absent(EventStream.class), ReadinessProbe.alwaysReady())
                .withBilling(billing, billing);
        server = ApiServer.start(vertx, ApiConfig.defaults().withPort(0), ports, CLOCK, (route, method, status, type) -> { })
                .await(10, TimeUnit.SECONDS);
    }

    private static String insert(String vm, String account, Instant hour, double cpuSeconds) throws Exception {
        java.util.UUID id = UsageRecord.idFor(vm, hour, account, 0);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO usage_record"
                + " (record_id, kind, revision, vm_uuid, pool_uuid, account, hour_start, covered_seconds, coverage,"
                + " running_seconds, vcpu_seconds, cpu_seconds, memory_gib_hours, memory_used_gib_hours, memory_used_seconds,"
                + " disk_read_bytes, disk_write_bytes, net_rx_bytes, net_tx_bytes, samples, closed_at)"
                + " VALUES (?, 'hour', 0, ?, 'pool-1', ?, ?, 3600, 1, 3600, 7200, ?, 2, 1, 3600, 10, 20, 30, 40, 720, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, vm);
            ps.setString(3, account);
            ps.setTimestamp(4, Timestamp.from(hour));
            ps.setDouble(5, cpuSeconds);
            ps.setTimestamp(6, Timestamp.from(hour.plusSeconds(3900)));
            ps.executeUpdate();
        }
        return id.toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close().await(5, TimeUnit.SECONDS);
        }
        if (pool != null) {
            pool.close();
        }
        if (vertx != null) {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void feedPagesFromAnyCursorYieldEveryStoredRecordOnceInSequenceOrder() throws Exception {
        for (int limit : new int[] {1, 4, 17, 10_000}) {
            List<String> seen = new ArrayList<>();
            String after = null;
            boolean more = true;
            while (more) {
                var response = send("GET", "/v1/usage/feed?limit=" + limit + (after == null ? "" : "&after=" + after), null);
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode page = JSON.readTree(response.body());
                page.path("items").forEach(item -> seen.add(item.path("recordId").asText()));
                after = page.path("next").asText();
                more = page.path("more").asBoolean();
            }
            assertThat(seen).as("limit " + limit).containsExactlyElementsOf(RECORD_IDS);
            JsonNode end = JSON.readTree(send("GET", "/v1/usage/feed?after=" + after, null).body());
            assertThat(end.path("items")).isEmpty();
            assertThat(end.path("next").asText()).as("an empty page keeps the cursor").isEqualTo(after);
        }
        var bad = send("GET", "/v1/usage/feed?after=abc", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("urn:poolpilot:problem:invalid-cursor");
    }

    @Test
    void usageOfOneVmIsSummedPerDayAsJsonAndCsv() throws Exception {
        String vm = "b0000000-0000-0000-0000-000000000000";
        String path = "/v1/usage?vm=" + vm + "&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&granularity=day";
        JsonNode items = JSON.readTree(send("GET", path, null).body()).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("account").asText()).isEqualTo("acme");
        assertThat(items.get(0).path("vmHours").asLong()).isEqualTo(6);
        // records 1, 4, 7, 10, 13, 16 (i = 0, 3, ..., 15): cpu 100 x (i + 1)
        assertThat(items.get(0).path("cpuSeconds").asDouble()).isEqualTo(100.0 * (1 + 4 + 7 + 10 + 13 + 16));
        var csv = send("GET", path, null, "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv");
        assertThat(csv.body()).startsWith("period_start,granularity,account,vm_uuid,").contains("2026-11-03T00:00:00Z,day,acme," + vm + ",6,");
    }

    @Test
    void suspendOfAKnownAccountWithoutRunningVmsIsARealStoredOperationAndAudited() throws Exception {
        // globex has metered usage but no VM in any pool now: a real operation with no steps.
        var response = send("POST", "/v1/accounts/globex/suspend", "{\"mode\":\"shutdown\",\"reason\":\"contract ended\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        // The 202 comes before the per-VM work: poll the operation until it has finished.
        JsonNode polled = JSON.readTree(send("GET", location, null).body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (polled.path("state").asText().equals("running") && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            polled = JSON.readTree(send("GET", location, null).body());
        }
        assertThat(polled.path("account").asText()).isEqualTo("globex");
        assertThat(polled.path("steps")).isEmpty();
        assertThat(polled.path("mode").asText()).isEqualTo("shutdown");
        assertThat(polled.path("state").asText()).isEqualTo("succeeded");
        assertThat(polled.path("actor").asText()).isEqualTo("bill");
        assertThat(AUDIT).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.suspend");
            assertThat(e.target()).isEqualTo("account/globex");
            assertThat(location).endsWith(e.detail().get("operationId"));
        });
        assertThat(send("GET", "/v1/accounts/operations/30000000-0000-0000-0000-000000000009", null).statusCode()).isEqualTo(404);
    }

    @Test
    void suspendOrResumeOfAnAccountNeverSeenIsA404ProblemAndNothingIsAudited() throws Exception {
        int audited = AUDIT.size();
        for (String action : List.of("suspend", "resume")) {
            var response = send("POST", "/v1/accounts/initeck/" + action,
                    action.equals("suspend") ? "{\"mode\":\"shutdown\",\"reason\":\"typo\"}" : "{\"reason\":\"typo\"}");
            assertThat(response.statusCode()).as(action + ": " + response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(404);
            assertThat(problem.path("detail").asText()).contains("account").contains("initeck");
        }
        assertThat(AUDIT).hasSize(audited);
    }
}
