package io.poolpilot.api;

import io.poolpilot.api.model.AccountOperation;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.api.model.SuspendMode;
import io.poolpilot.api.model.UsageFeedPage;
import io.poolpilot.api.model.UsageQuery;
import io.poolpilot.api.model.UsageRow;
import io.poolpilot.api.port.AccountPort;
import io.poolpilot.api.port.EventStream;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.TokenStore;
import io.poolpilot.api.port.UsagePort;
import io.poolpilot.api.support.TestApi;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's ports will answer from worker threads; the API must still read bodies and write responses correctly. */
@ExtendWith(VertxExtension.class)
class ForeignThreadPortsTest {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "port-worker"));
    private TestApi api;

    private <T> Future<T> onWorker(Supplier<Future<T>> call) {
        Promise<T> promise = Promise.promise();
        worker.execute(() -> call.get().onComplete(promise));
        return promise.future();
    }

    @BeforeEach
    void start(Vertx vertx) {
        api = new TestApi(vertx, Duration.ofMillis(50), ports -> new ApiPorts(
                offloaded(ports.tokens()), ports.inventory(), ports.metrics(), offloaded(ports.plans()), ports.policies(),
                ports.alerts(), ports.audit(), offloaded(ports.events()), ports.readiness())
                .withBilling(offloaded(ports.usage()), offloaded(ports.accounts())));
    }

    @AfterEach
    void stop() {
        api.close();
        worker.shutdownNow();
    }

    private TokenStore offloaded(TokenStore store) {
        return () -> onWorker(store::tokens);
    }

    private UsagePort offloaded(UsagePort usage) {
        return new UsagePort() {
            @Override
            public Future<java.util.List<UsageRow>> usage(UsageQuery query) {
                return onWorker(() -> usage.usage(query));
            }

            @Override
            public Future<UsageFeedPage> feed(String after, int limit) {
                return onWorker(() -> usage.feed(after, limit));
            }
        };
    }

    private AccountPort offloaded(AccountPort accounts) {
        return new AccountPort() {
            @Override
            public Future<AccountOperation> suspend(String accountId, SuspendMode mode, String reason, String actor) {
                return onWorker(() -> accounts.suspend(accountId, mode, reason, actor));
            }

            @Override
            public Future<AccountOperation> resume(String accountId, String actor) {
                return onWorker(() -> accounts.resume(accountId, actor));
            }

            @Override
            public Future<Optional<AccountOperation>> operation(String operationId) {
                return onWorker(() -> accounts.operation(operationId));
            }
        };
    }

    private EventStream offloaded(EventStream events) {
        return (lastEventId, sink) -> onWorker(() -> events.subscribe(lastEventId, sink));
    }

    private PlanPort offloaded(PlanPort plans) {
        return new PlanPort() {
            @Override
            public Future<Plan> propose(String poolId, PlanRequest request, String actor) {
                return onWorker(() -> plans.propose(poolId, request, actor));
            }

            @Override
            public Future<Optional<Plan>> plan(String planId) {
                return onWorker(() -> plans.plan(planId));
            }

            @Override
            public Future<Page<Plan>> plans(String poolId, PageRequest page) {
                return onWorker(() -> plans.plans(poolId, page));
            }

            @Override
            public Future<Plan> approve(String planId, long expectedVersion, String actor, String reason) {
                return onWorker(() -> plans.approve(planId, expectedVersion, actor, reason));
            }

            @Override
            public Future<Plan> reject(String planId, OptionalLong expectedVersion, String actor, String reason) {
                return onWorker(() -> plans.reject(planId, expectedVersion, actor, reason));
            }

            @Override
            public Future<Plan> cancel(String planId, OptionalLong expectedVersion, String actor, String reason) {
                return onWorker(() -> plans.cancel(planId, expectedVersion, actor, reason));
            }
        };
    }

    @Test
    void bodiesAreReadAndAnswersSentWhenPortsAnswerFromWorkerThreads() {
        for (int i = 0; i < 20; i++) {
            var proposed = api.send("POST", "/v1/pools/pool-a/plans", TestApi.OPERATOR, "{\"mode\":\"balance\",\"reason\":\"run " + i + "\"}");
            assertThat(proposed.status()).isEqualTo(202);
            String id = proposed.json().path("id").asText();
            assertThat(api.send("POST", "/v1/plans/" + id + "/approve", TestApi.OPERATOR, null, "If-Match", "\"1\"").status()).isEqualTo(200);
            assertThat(api.send("POST", "/v1/plans/" + id + "/reject", TestApi.OPERATOR, "{\"reason\":\"x\"}").status()).isEqualTo(409);
        }
        assertThat(api.send("POST", "/v1/pools/pool-a/plans", TestApi.VIEWER, "{\"mode\":\"balance\"}").status()).isEqualTo(403);
    }

    @Test
    void billingRoutesAnswerAndAuditWhenPortsAnswerFromWorkerThreads() {
        api.usage.append("a0000000-0000-0000-0000-000000000000", "acme", Instant.parse("2026-11-03T10:00:00Z"), 0, 60);
        for (int i = 0; i < 10; i++) {
            var suspended = api.send("POST", "/v1/accounts/acme/suspend", TestApi.BILLING, "{\"mode\":\"shutdown\",\"reason\":\"run " + i + "\"}");
            assertThat(suspended.status()).isEqualTo(202);
            assertThat(api.get(suspended.header("Location"), TestApi.BILLING).status()).isEqualTo(200);
            var csv = api.send("GET", "/v1/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", TestApi.BILLING, null,
                    "Accept", "text/csv");
            assertThat(csv.body().split("\r\n")).hasSize(2);
            assertThat(api.get("/v1/usage/feed?after=x", TestApi.BILLING).status()).isEqualTo(400);
        }
        assertThat(api.audit.all()).hasSize(10);
        assertThat(api.accounts.powerChanges()).isEqualTo(2);
    }

    @Test
    void sseOpensAndDeliversWhenTheStreamAnswersFromAWorkerThread() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestApi.VIEWER
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (api.events.subscribers() == 0) {
                assertThat(System.nanoTime()).as("subscribed in time").isLessThan(deadline);
                Thread.onSpinWait();
            }
            worker.execute(() -> api.events.publish(new ServerEvent("w-1", "inventory.changed", Instant.parse("2026-11-25T10:00:00Z"),
                    Map.of("vm", "moved"))));
            String line;
            boolean sawEvent = false;
            boolean sawHeartbeat = false;
            while ((!sawEvent || !sawHeartbeat) && (line = reader.readLine()) != null) {
                sawEvent |= line.equals("event: inventory.changed");
                sawHeartbeat |= line.equals(": heartbeat");
            }
            assertThat(sawEvent).isTrue();
            assertThat(sawHeartbeat).isTrue();
        }
    }
}
