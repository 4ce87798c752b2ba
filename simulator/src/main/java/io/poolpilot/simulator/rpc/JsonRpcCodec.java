package io.poolpilot.simulator.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-RPC 2.0 (and 1.0) as XAPI serves it on POST /jsonrpc: int64 as numbers, datetimes as XAPI strings. */
public final class JsonRpcCodec {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule().addSerializer(Instant.class,
            new JsonSerializer<>() {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(XmlRpcWriter.XAPI_DATETIME.format(value));
                }
            }));

    private JsonRpcCodec() {
    }

    /** A parsed JSON-RPC request; id is echoed back as it came. */
    public record Request(String method, List<Object> params, Object id, boolean v2) {
    }

    public static Request parse(byte[] body) throws XmlRpcCodec.MalformedCall {
        try {
            Object tree = JSON.readValue(body, Object.class);
            if (!(tree instanceof Map<?, ?> map) || !(map.get("method") instanceof String method)) {
                throw new XmlRpcCodec.MalformedCall("a JSON-RPC request is an object with a string 'method'");
            }
            Object params = map.get("params");
            List<Object> list = params instanceof List<?> l ? new ArrayList<>(l) : params == null ? List.of() : List.of(params);
            return new Request(method, list, map.get("id"), "2.0".equals(map.get("jsonrpc")));
        } catch (IOException e) {
            throw new XmlRpcCodec.MalformedCall("malformed JSON-RPC request: " + e.getMessage());
        }
    }

    public static String success(Request req, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (req.v2()) {
            out.put("jsonrpc", "2.0");
        }
        // XAPI sends void as an empty string on both wire formats.
        out.put("result", value == null ? "" : value);
        if (!req.v2()) {
            out.put("error", null);
        }
        out.put("id", req.id());
        return write(out);
    }

    /** v2.0: error object {code, message, data}; v1.0: the ErrorDescription array itself, with result null. */
    public static String failure(Request req, List<String> errorDescription) {
        if (!req.v2()) {
            Map<String, Object> v1 = new LinkedHashMap<>();
            v1.put("result", null);
            v1.put("error", errorDescription);
            v1.put("id", req.id());
            return write(v1);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", 1);
        error.put("message", errorDescription.getFirst());
        error.put("data", errorDescription.subList(1, errorDescription.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jsonrpc", "2.0");
        out.put("error", error);
        out.put("id", req.id());
        return write(out);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON-RPC response", e);
        }
    }
}
