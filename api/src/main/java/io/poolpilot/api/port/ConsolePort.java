package io.poolpilot.api.port;

import io.poolpilot.api.model.ConsoleTicket;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;

/**
 * VM consoles in the browser: a ticket for a running VM ({@link PortFailure.Refused} when it is not running,
 * {@link PortFailure.LimitReached} when the caller or the daemon has too many open), then a WebSocket that the
 * port validates against the ticket and proxies to the VM's RFB console. The port owns the socket from
 * {@link #attach} on and closes it itself, with a close code and reason that say why.
 */
public interface ConsolePort {
    String NOT_CONFIGURED = "VM consoles not configured";

    Future<ConsoleTicket> issue(String vmUuid, String actor);

    /** Takes over an accepted WebSocket that presented {@code ticket} (may be null or wrong: the port refuses it). */
    void attach(String ticket, ServerWebSocket socket);

    /** Until consoles are wired: tickets answer 503 and sockets close at once. */
    static ConsolePort unavailable() {
        return new ConsolePort() {
            @Override
            public Future<ConsoleTicket> issue(String vmUuid, String actor) {
                return Future.failedFuture(new PortFailure.Unavailable(NOT_CONFIGURED));
            }

            @Override
            public void attach(String ticket, ServerWebSocket socket) {
                socket.close((short) 1011, NOT_CONFIGURED);
            }
        };
    }
}
