package io.poolpilot.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the control API in tests: bearer token, JSON in and out. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, ETag and the parsed body (null when empty). */
    record Answer(int status, String etag, JsonNode body, String raw) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    Answer post(String token, String path, String json, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b, token);
    }

    Answer put(String token, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private Answer send(HttpRequest.Builder builder, String token) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(builder.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("ETag").orElse(null), body, r.body());
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
