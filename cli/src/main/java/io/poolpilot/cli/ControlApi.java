package io.poolpilot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The daemon's control API over the JDK's HttpClient: JSON in and out, errors as {@link Refused} or {@link Unreachable}. */
public final class ControlApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE_LIMIT = 500;

    /** A 2xx answer: its body (null when empty), ETag and Location. */
    public record Reply(int status, JsonNode body, String etag, String location) {
    }

    private final Connection connection;
    private final HttpClient http;

    public ControlApi(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Reply post(String path, JsonNode body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public Reply put(String path, JsonNode body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    /** Every item of a paged list, following {@code next} to the end. */
    public List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        String after = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=" + PAGE_LIMIT
                    + (after == null ? "" : "&after=" + encode(after));
            JsonNode body = get(page).body();
            body.path("items").forEach(items::add);
            after = body.path("next").isTextual() ? body.get("next").asText() : null;
        } while (after != null);
        return items;
    }

    /** A GET whose answer is passed on as text (CSV), in the media type asked for. */
    public String text(String path, String accept) {
        HttpRequest.Builder request = request(path).header("Accept", accept).GET();
        HttpResponse<String> response = exchange(request.build(), "GET", path);
        return response.body();
    }

    private Reply send(String method, String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response = exchange(request.build(), method, path);
        return new Reply(response.statusCode(), parse(response.body()),
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Location").orElse(null));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(connection.url() + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + connection.token())
                .header("User-Agent", "poolpilot-ctl");
    }

    private HttpResponse<String> exchange(HttpRequest request, String method, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new Unreachable("no answer from " + connection.url() + " within the timeout (" + method + " " + path + ")", e);
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + connection.url() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for " + connection.url(), e);
        }
        if (response.statusCode() >= 300) {
            JsonNode problem;
            try {
                problem = parse(response.body());
            } catch (Refused notJson) {
                problem = null;
            }
            throw Refused.of(response.statusCode(), problem);
        }
        return response;
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null || root.getMessage().equals(name) ? name : name + ": " + root.getMessage();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Refused("the server's answer is not JSON: " + e.getOriginalMessage(), null);
        }
    }

    /** A path segment or query value, percent-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string of the non-null values, in the given order. */
    public static String query(Map<String, String> values) {
        StringBuilder q = new StringBuilder();
        values.forEach((k, v) -> {
            if (v != null) {
                q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(encode(v));
            }
        });
        return q.toString();
    }

    /** An ordered map for {@link #query}, nulls allowed. */
    public static Map<String, String> params(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** A JSON object of the non-null values. */
    public static ObjectNode object(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v != null) {
                node.set((String) keyValues[i], JSON.valueToTree(v));
            }
        }
        return node;
    }
}
