package io.poolpilot.api.http;

import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: status, headers and a body that is either JSON-encoded ({@code body}) or sent
 * as is ({@code raw}). {@link #detached()} means the handler took over the response (SSE).
 */
public record Reply(int status, Map<String, String> headers, Object body, Buffer raw, String contentType) {
    private static final Reply DETACHED = new Reply(0, Map.of(), null, null, null);

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, Map.of(), body, null, Json.MEDIA_TYPE);
    }

    public static Reply ok(Object body) {
        return json(200, body);
    }

    public static Reply raw(int status, String contentType, Buffer raw) {
        return new Reply(status, Map.of(), null, raw, contentType);
    }

    public static Reply detached() {
        return DETACHED;
    }

    public boolean isDetached() {
        return this == DETACHED;
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, more, body, raw, contentType);
    }
}
