package io.poolpilot.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes a {@link Reply} as the response: status, headers, and the body JSON-encoded or as is. */
final class ReplyWriter {
    private ReplyWriter() {
    }

    static void send(RoutingContext ctx, Reply reply) {
        if (reply.isDetached()) {
            return; // the handler owns the response (SSE)
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        Buffer payload = reply.raw() != null ? reply.raw() : reply.body() != null ? Json.encode(reply.body()) : null;
        if (payload == null) {
            response.end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType()).end(payload);
        }
    }
}
