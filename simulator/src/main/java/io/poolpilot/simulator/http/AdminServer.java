package io.poolpilot.simulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.poolpilot.simulator.fault.Fault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulator's own control port on 127.0.0.1: {@code POST /faults/<type>} with a JSON body injects a
 * fault, {@code GET /state} describes pools, hosts and faults. Errors are RFC 9457 problem documents.
 */
public final class AdminServer {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
;
    private final Vertx vertx;
    private final Function<Fault, Future<Void>> faults;
    private final Supplier<Map<String, Object>> state;
    private HttpServer server;

    public AdminServer(Vertx vertx, Function<Fault, Future<Void>> faults, Supplier<Map<String, Object>> state) {
        this.vertx = vertx;
        this.faults = faults;
        this.state = state;
    }

    public Future<Integer> listen(int port) {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                        .setHttp2ClearTextEnabled(false))
                .requestHandler(this::handle).listen().map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (req.method() == HttpMethod.GET && path.equals("/state")) {
            json(req, 200, state.get());
        } else if (req.method() == HttpMethod.POST && path.startsWith("/faults/")) {
            String type = path.substring("/faults/".length());
            if (!Fault.TYPES.contains(type)) {
                problem(req, 404, "unknown-fault", "no fault type '" + type + "'; known: " + Fault.TYPES);
                return;
            }
            req.body().onSuccess(body -> {
                Fault fault;
                try {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if (body.length() > 0) {
                        Object parsed = JSON.readValue(body.getBytes(), Object.class);
                        if (!(parsed instanceof Map<?, ?> m)) {
                            throw new IllegalArgumentException("the body must be a JSON object");
                        }
                        m.forEach((k, v) -> fields.put(String.valueOf(k), v));
                    }
                    fields.put("type", type);
                    fault = JSON.convertValue(fields, Fault.class);
                } catch (Exception e) {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    problem(req, 400, "bad-fault", root.getMessage());
                    return;
                }
                faults.apply(fault).onComplete(ar -> {
                    if (ar.succeeded()) {
                        json(req, 200, Map.of("applied", type, "fault", fault.toString()));
                    } else {
                        problem(req, 422, "fault-not-applied", String.valueOf(ar.cause().getMessage()));
                    }
                });
            });
        } else {
            problem(req, 404, "not-found", "GET /state or POST /faults/{" + String.join("|", Fault.TYPES) + "}");
        }
    }

    private static void json(HttpServerRequest req, int status, Object body) {
        try {
            req.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            req.response().setStatusCode(500).end();
        }
    }

    private static void problem(HttpServerRequest req, int status, String type, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://poolpilot.io/problems/simulator/" + type);
        body.put("title", type.replace('-', ' '));
        body.put("status", status);
        body.put("detail", detail);
        try {
            req.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                    .end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            req.response().setStatusCode(500).end();
        }
    }
}
