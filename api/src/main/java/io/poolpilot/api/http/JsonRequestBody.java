package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.util.Locale;

/**
 * A request body (already read, within its limit, by Vert.x Web's {@code BodyHandler}) as one JSON object:
 * 415 for another media type, {@code malformed-json} for broken JSON, duplicate keys or a non-object.
 */
final class JsonRequestBody {
    private JsonRequestBody() {
    }

    /** The body as an object, or null when the request has none. */
    static ObjectNode parse(HttpServerRequest request, Buffer bytes) {
        boolean empty = bytes == null || bytes.length() == 0;
        // A form or multipart body never reaches the buffer (Vert.x Web decodes those apart): judge by the headers.
        boolean sent = !empty || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH)) && request.getHeader(HttpHeaders.CONTENT_LENGTH) != null;
        if (!sent) {
            return null;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!Json.MEDIA_TYPE.equals(media)) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json, got '"
                    + Exchange.abbreviate(contentType) + "'");
        }
        if (empty) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes.getBytes());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body is not valid JSON" + where + ": " + readable(e));
        } catch (IOException e) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body cannot be read as JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body must be a JSON object, got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    /** Jackson's own words without the library internals it names (e.g. "from `StreamReadConstraints...`"). */
    static String readable(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        message = message.replaceAll(",? ?from `[^`]*`", "").replaceAll("`[^`]*`", "").replaceAll("\\s+", " ").strip();
        return e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                ? "it exceeds a parser limit: " + message : message;
    }
}
