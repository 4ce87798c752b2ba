package io.poolpilot.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;

/**
 * Reads a request body of at most {@code limitBytes}, refusing a larger one by its Content-Length before
 * reading or as soon as a chunked body crosses the limit, and parses it as one JSON object.
 */
final class BoundedBody {
    /** A too-large body up to this size is read and dropped so the client sees the 413; beyond it we close. */
    static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final int bodyLimitBytes;

    BoundedBody(int bodyLimitBytes) {
        this.bodyLimitBytes = bodyLimitBytes;
    }

    /** Reads at most the body limit; a JSON object for routes that take one, null when the body is empty. */
    Future<ObjectNode> read(Call call) {
        HttpServerRequest request = call.request;
        long declared = declaredLength(request);
        if (declared > bodyLimitBytes) {
            call.closeAfterResponse = declared > DRAIN_LIMIT_BYTES || expectsContinue(request);
            return Future.failedFuture(tooLarge(declared + " bytes"));
        }
        if (expectsContinue(request)) {
            request.response().writeContinue();
        }
        call.bodyConsumed = true;
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        request.handler(chunk -> {
            if (received.length() + chunk.length() > bodyLimitBytes) {
                if (body.tryFail(tooLarge("more than " + bodyLimitBytes + " bytes"))) {
                    call.closeAfterResponse = true; // chunked and endless for all we know
                }
            } else if (!body.future().isComplete()) {
                received.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> body.tryComplete(received));
        request.exceptionHandler(body::tryFail);
        request.resume();
        return body.future().map(bytes -> call.route.jsonBody() ? parseJson(request, bytes) : null);
    }

    private ApiException tooLarge(String size) {
        return new ApiException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the body is " + size + "; the limit is "
                + bodyLimitBytes + " bytes").with("limitBytes", bodyLimitBytes));
    }

    private static ObjectNode parseJson(HttpServerRequest request, Buffer bytes) {
        if (bytes.length() == 0) {
            return null;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!Json.MEDIA_TYPE.equals(media)) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json, got '"
                    + Exchange.abbreviate(contentType) + "'");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes.getBytes());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body cannot be read as JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.of(ProblemType.MALFORMED_JSON, "the body must be a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    private static long declaredLength(HttpServerRequest request) {
        String text = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    }

}
