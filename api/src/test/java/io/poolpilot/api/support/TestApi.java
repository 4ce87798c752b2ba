package io.poolpilot.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.api.ApiConfig;
import io.poolpilot.api.ApiPorts;
import io.poolpilot.api.ApiServer;
import io.poolpilot.api.auth.ApiToken;
import io.poolpilot.api.auth.Role;
import io.poolpilot.api.auth.TokenDigest;
import io.poolpilot.api.http.Json;
import io.poolpilot.api.http.Route;
import io.poolpilot.api.http.ApiRouter;
import io.poolpilot.api.http.Contract;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.ReadinessProbe;
import io.poolpilot.api.port.TokenStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The API on a real loopback socket over the in-memory ports, plus a blocking HTTP client (run from the
 * JUnit thread, never an event loop). Tokens are fixtures: one per role and one revoked.
 */
public final class TestApi implements AutoCloseable {
    public static final String VIEWER = "viewer-token-0123456789abcdef0123456789abcdef";
    public static final String OPERATOR = "operator-token-0123456789abcdef0123456789abcdef";
    public static final String BILLING = "billing-token-0123456789abcdef0123456789abcdef";
    public static final String ADMIN = "admin-token-0123456789abcdef0123456789abcdef";
    public static final String REVOKED = "revoked-token-0123456789abcdef0123456789abcdef";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    /** One observed response: which operation answered, with what status and content type. */
    public record Observed(String operationId, String method, int status, String contentType) {
    }

    public final InMemoryInventory inventory = new InMemoryInventory();
    public final InMemoryPlans plans = new InMemoryPlans(inventory, CLOCK);
    public final InMemoryPolicies policies = new InMemoryPolicies(inventory, CLOCK);
    public final InMemoryAudit audit = new InMemoryAudit();
    public final InMemoryEvents events = new InMemoryEvents();
    public final InMemoryUsage usage = new InMemoryUsage();
    public final InMemoryAccounts accounts = new InMemoryAccounts(CLOCK);
    public final ConcurrentLinkedQueue<Observed> observed = new ConcurrentLinkedQueue<>();
    public final ApiRouter router;
    /** Responses that break the OpenAPI document, found by vertx-openapi's response validator; close() fails on any. */
    public final ConcurrentLinkedQueue<String> contractViolations = new ConcurrentLinkedQueue<>();
    private final ContractResponses contract;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public TestApi(Vertx vertx, Duration heartbeat) {
        this(vertx, heartbeat, java.util.function.UnaryOperator.identity());
    }

    /** {@code decorate} may wrap the in-memory ports, e.g. to complete them on other threads. */
    public TestApi(Vertx vertx, Duration heartbeat, java.util.function.UnaryOperator<ApiPorts> decorate) {
        this(vertx, ApiConfig.defaults().withPort(0).withHeartbeat(heartbeat), decorate);
    }

    /** Over {@code config} (its port should be 0). */
    public TestApi(Vertx vertx, ApiConfig config, java.util.function.UnaryOperator<ApiPorts> decorate) {
        TokenStore tokens = TokenStore.of(List.of(
                new ApiToken("ann-viewer", TokenDigest.sha256Hex(VIEWER), Set.of(Role.VIEWER), false),
                new ApiToken("otto-operator", TokenDigest.sha256Hex(OPERATOR), Set.of(Role.OPERATOR), false),
                new ApiToken("bill-billing", TokenDigest.sha256Hex(BILLING), Set.of(Role.BILLING), false),
                new ApiToken("ada-admin", TokenDigest.sha256Hex(ADMIN), Set.of(Role.ADMIN), false),
                new ApiToken("rex-revoked", TokenDigest.sha256Hex(REVOKED), Set.of(Role.ADMIN), true)));
        ApiPorts ports = new ApiPorts(tokens, inventory, new InMemoryMetrics(inventory), plans, policies, AlertPort.none(),
                audit, events, ReadinessProbe.alwaysReady()).withBilling(usage, accounts);
        ports = decorate.apply(ports);
        try {
            router = ApiServer.router(vertx, config, ports, CLOCK, (Route route, String method, int status, String contentType) ->
                    observed.add(new Observed(route == null ? null : route.operationId(), method, status, contentType)))
                    .await(10, TimeUnit.SECONDS);
            contract = ContractResponses.load(vertx);
            server = ApiServer.listen(vertx, config, router).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("api did not start", e);
        }
    }

    public TestApi(Vertx vertx) {
        this(vertx, Duration.ofSeconds(15));
    }

    public int port() {
        return server.actualPort();
    }

    /** A response as the tests look at it. */
    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** The problem's type slug, e.g. "validation". */
        public String problemType() {
            return json().path("type").asText().replace("urn:poolpilot:problem:", "");
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response send(String method, String path, String token, String jsonBody, String... headerPairs) {
        HttpRequest.BodyPublisher publisher = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest.Builder builder = request(path, token, headerPairs).method(method, publisher);
        if (jsonBody != null && !hasHeader(headerPairs, "Content-Type")) {
            builder.header("Content-Type", "application/json");
        }
        return execute(builder.build());
    }

    /** Sends a body of unknown length, so it goes chunked and only the router's running count can stop it. */
    public Response sendChunked(String method, String path, String token, byte[] body) {
        HttpRequest request = request(path, token, "Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return execute(request);
    }

    private HttpRequest.Builder request(String path, String token, String... headerPairs) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            builder.header(headerPairs[i], headerPairs[i + 1]);
        }
        return builder;
    }

    private Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Response answer = new Response(response.statusCode(), response.headers(), response.body());
            String violation = contract.violation(request.method(), request.uri().getRawPath(), answer);
            if (violation != null) {
                contractViolations.add(violation);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasHeader(String[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        // shutdownNow, not close: close() waits for open SSE streams, which never end by themselves.
        client.shutdownNow();
        try {
            server.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!contractViolations.isEmpty()) {
            throw new AssertionError("responses that break " + Contract.RESOURCE + ":\n  " + String.join("\n  ", contractViolations));
        }
    }
}
