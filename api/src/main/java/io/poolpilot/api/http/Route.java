package io.poolpilot.api.http;

import io.poolpilot.api.auth.Role;
import io.vertx.core.http.HttpMethod;

import java.util.Objects;

/**
 * One operation as the OpenAPI document declares it: method, path template ({@code /v1/pools/{poolId}}),
 * operation id, the role it needs ({@code null}: no token, the document's {@code x-poolpilot-role: public})
 * and whether it takes a JSON body. Read from the document by {@link Contract}, never written in code.
 */
public record Route(HttpMethod method, String path, String operationId, Role role, boolean jsonBody) {
    public Route {
        Objects.requireNonNull(method, "method");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/', got " + path);
        }
        Objects.requireNonNull(operationId, "operationId");
    }

    public boolean authenticated() {
        return role != null;
    }
}
