package io.poolpilot.api.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.UUID;

/**
 * Requests the HTTP decoder refused before any route could see them (a request line or headers over the limits,
 * bytes that are not HTTP): answered, like every other error of the API, with a problem+json document (414, 431
 * or 400) and a request id, then the connection is closed, as Vert.x's default handler does.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

    private final int maxInitialLineLength;
    private final int maxHeaderSize;

    public InvalidRequests(int maxInitialLineLength, int maxHeaderSize) {
        this.maxInitialLineLength = maxInitialLineLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public void handle(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        Problem problem = switch (cause) {
            case TooLongHttpLineException ignored -> Problem.of(ProblemType.URI_TOO_LONG,
                    "the request line is longer than " + maxInitialLineLength + " bytes").with("limitBytes", maxInitialLineLength);
            case TooLongHttpHeaderException ignored -> Problem.of(ProblemType.HEADERS_TOO_LARGE,
                    "the headers are larger than " + maxHeaderSize + " bytes").with("limitBytes", maxHeaderSize);
            case null, default -> Problem.of(ProblemType.BAD_REQUEST, "the request cannot be parsed as HTTP");
        };
        String requestId = UUID.randomUUID().toString();
        HttpServerResponse response = request.response();
        response.setStatusCode(problem.status())
                .putHeader("X-Request-Id", requestId)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemType.MEDIA_TYPE)
                .end(Json.encode(problem.with("requestId", requestId)))
                .onComplete(done -> request.connection().close());
    }
}
