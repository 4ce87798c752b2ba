package io.poolpilot.api.http;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;

import java.util.UUID;

/** Per-request state the router keeps for logging and connection handling. */
final class Call {
    final HttpServerRequest request;
    /** The event loop that owns the connection; all request and response handling happens on it. */
    final Context context;
    final String requestId = UUID.randomUUID().toString();
    final long startNanos = System.nanoTime();
    Route route;
    String actor = "-";
    /** The body was read (or is being read); otherwise an early answer must drain it. */
    boolean bodyConsumed;
    /** The client may still be sending a body we will not read: close after answering. */
    boolean closeAfterResponse;

    Call(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
    }
}
