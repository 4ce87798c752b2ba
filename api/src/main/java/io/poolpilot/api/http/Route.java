package io.poolpilot.api.http;

import io.poolpilot.api.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of the route table: method, path template ({@code /v1/pools/{poolId}}, the OpenAPI
 * spelling), operation id, the role it needs ({@code null}: no authentication), whether it takes a
 * JSON body, and the handler.
 */
public record Route(HttpMethod method, String path, String operationId, Role role, boolean jsonBody,
                    Function<Exchange, Future<Reply>> handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/', got " + path);
        }
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(handler, "handler");
    }

    public boolean authenticated() {
        return role != null;
    }

    List<String> segments() {
        return List.of(path.substring(1).split("/", -1));
    }

    /** The path parameters when {@code requestSegments} fit this template, else null. */
    Map<String, String> match(List<String> requestSegments) {
        List<String> template = segments();
        if (template.size() != requestSegments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String s = requestSegments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (s.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), s);
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return params;
    }
}
