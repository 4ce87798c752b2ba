package io.poolpilot.xapi.transport;

import java.net.URI;
import java.time.Duration;

/**
 * One RPC channel to one XAPI host, XML-RPC or JSON-RPC: sends a call and answers its decoded value,
 * or throws {@link io.poolpilot.xapi.XapiFailure} for an XAPI error and
 * {@link io.poolpilot.xapi.XapiTransportException} when no well-formed answer came. Values come back
 * in the shapes {@link io.poolpilot.xapi.wire.XapiCodec} reads (String, Long, Double, Boolean, Map,
 * arrays or lists); arguments go in as callers give them (String, Long, Instant, enums, collections).
 */
public interface RpcChannel {
    /** The host's root URL (the same for both protocols). */
    URI url();

    /** Calls {@code method}; {@code replyTimeout} null means the endpoint's default. */
    Object call(Duration replyTimeout, String method, Object[] args);
}
