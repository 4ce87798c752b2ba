package io.poolpilot.xapi.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiHttpStatusException;
import io.poolpilot.xapi.XapiTransportException;
import io.poolpilot.xapi.wire.XapiCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XAPI over JSON-RPC 2.0 (POST /jsonrpc, served by XAPI 8+ and XCP-ng 8.x, preferred by Xen Orchestra).
 * Arguments go as JSON: int64 as numbers, datetimes as XAPI's {@code 20261125T09:36:02Z}, enums by their
 * IDL names. An error answer {@code {code, message, data}} becomes an {@link XapiFailure} with
 * {@code message} as the XAPI code and {@code data} as its parameters; a JSON-RPC 1.0 answer (error as
 * the ErrorDescription array) is read too.
 */
public final class JsonRpcChannel implements RpcChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter XAPI_DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int ERROR_BODY_PREVIEW = 200;
    private static final AtomicLong IDS = new AtomicLong();

    private final URI url;
    private final URI rpcUrl;
    private final HttpClient http;
    private final Duration defaultReplyTimeout;

    private JsonRpcChannel(URI url, HttpClient http, Duration defaultReplyTimeout) {
        this.url = url;
        this.rpcUrl = url.resolve("/jsonrpc");
        this.http = http;
        this.defaultReplyTimeout = defaultReplyTimeout;
    }

    public static JsonRpcChannel open(URI url, HttpClient http, XapiEndpoint endpoint) {
        if (url.getHost() == null) {
            throw new XapiTransportException("not a usable XAPI url: " + url);
        }
        return new JsonRpcChannel(url, http, endpoint.replyTimeout());
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Object call(Duration replyTimeout, String method, Object[] args) {
        List<Object> params = new ArrayList<>(args.length);
        for (Object a : args) {
            params.add(toJson(a));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.put("params", params);
        request.put("id", IDS.incrementAndGet());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the arguments of " + method + " as JSON", e);
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(rpcUrl)
                .timeout(replyTimeout != null ? replyTimeout : defaultReplyTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new XapiTransportException(method + " at " + rpcUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XapiTransportException("interrupted while waiting for " + method + " at " + rpcUrl, e);
        }
        if (response.statusCode() != 200) {
            byte[] b = response.body();
            String preview = new String(b, 0, Math.min(b.length, ERROR_BODY_PREVIEW), StandardCharsets.UTF_8).strip();
            throw new XapiHttpStatusException(response.statusCode(), method + " at " + rpcUrl + ": HTTP "
                    + response.statusCode() + (preview.isEmpty() ? "" : ": " + preview));
        }
        return unwrap(method, response.body());
    }

    /** The result of a JSON-RPC answer, or the XAPI error it carries. */
    static Object unwrap(String method, byte[] body) {
        Object tree;
        try {
            tree = JSON.readValue(body, Object.class);
        } catch (IOException e) {
            throw new XapiTransportException(method + ": the JSON-RPC answer is not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> answer)) {
            throw new XapiTransportException(method + ": malformed JSON-RPC answer, expected an object, got "
                    + XapiCodec.describe(tree));
        }
        Object error = answer.get("error");
        if (error instanceof Map<?, ?> e) {
            List<String> description = new ArrayList<>();
            description.add(String.valueOf(e.get("message")));
            if (e.get("data") instanceof Collection<?> data) {
                data.forEach(d -> description.add(String.valueOf(d)));
            }
            throw XapiFailure.fromErrorDescription(description);
        }
        if (error instanceof Collection<?> v1 && !v1.isEmpty()) {
            throw XapiFailure.fromErrorDescription(v1.stream().map(String::valueOf).toList());
        }
        if (!answer.containsKey("result")) {
            throw new XapiTransportException(method + ": malformed JSON-RPC answer, no result and no error");
        }
        Object result = answer.get("result");
        return result == null ? "" : result;
    }

    /** An argument as XAPI's JSON-RPC reads it. */
    static Object toJson(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("XAPI has no null: pass OpaqueRef:NULL or an empty string");
            case String s -> s;
            case Boolean b -> b;
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Integer i -> i.longValue();
            case Long l -> l;
            case Enum<?> e -> XapiCodec.enumWireName(e);
            case Instant i -> XAPI_DATETIME.format(i);
            case Date d -> XAPI_DATETIME.format(d.toInstant());
            case Optional<?> o -> o.isPresent() ? toJson(o.get()) : XapiCodec.NULL_REF;
            case Collection<?> c -> c.stream().map(JsonRpcChannel::toJson).toList();
            case Object[] a -> java.util.Arrays.stream(a).map(JsonRpcChannel::toJson).toList();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
                yield out;
            }
            default -> throw new IllegalArgumentException("cannot send " + XapiCodec.describe(value) + " to XAPI");
        };
    }

    @Override
    public String toString() {
        return "JsonRpcChannel[" + rpcUrl + "]";
    }
}
