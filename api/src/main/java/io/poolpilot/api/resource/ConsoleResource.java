package io.poolpilot.api.resource;

import io.poolpilot.api.http.ApiException;
import io.poolpilot.api.http.Exchange;
import io.poolpilot.api.http.ProblemType;
import io.poolpilot.api.http.Reply;
import io.poolpilot.api.model.ConsoleTicket;
import io.poolpilot.api.port.ConsolePort;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;

import java.time.Instant;
import java.util.Map;

/**
 * A VM's console: {@code POST /v1/vms/{vmUuid}/console} issues a ticket (operator, audited), and
 * {@code GET /v1/consoles/websocket?ticket=...} upgrades to the WebSocket that carries RFB (binary frames,
 * as noVNC speaks it). The WebSocket authenticates by the ticket alone, since a browser cannot put a bearer
 * token on it; refusals after the upgrade are close codes (docs/console.md).
 */
public final class ConsoleResource {
    /** Where the page opens the WebSocket (the OpenAPI path of streamVmConsole). */
    public static final String WEBSOCKET_PATH = "/v1/consoles/websocket";

    private final ConsolePort consoles;
    private final Auditor auditor;

    public ConsoleResource(ConsolePort consoles, Auditor auditor) {
        this.consoles = consoles;
        this.auditor = auditor;
    }

    public Future<Reply> open(Exchange ex) {
        String vmUuid = ex.uuidParam("vmUuid");
        ex.allowQuery();
        return consoles.issue(vmUuid, ex.actor()).compose(ticket -> auditor.record(ex, "vm.console", "vm/" + vmUuid,
                        null, Map.of("poolId", ticket.poolId(), "expiresAt", ticket.expiresAt().toString()))
                .map(v -> Reply.json(201, Body.of(ticket))));
    }

    public Future<Reply> stream(Exchange ex) {
        ex.allowQuery("ticket");
        String ticket = ex.query("ticket");
        String upgrade = ex.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw ApiException.of(ProblemType.VALIDATION, "this is a WebSocket endpoint: open it with a WebSocket"
                    + " (Upgrade: websocket) and the ticket from POST /v1/vms/{vmUuid}/console");
        }
        return ex.request().toWebSocket().map(socket -> {
            consoles.attach(ticket, socket);
            return Reply.detached();
        });
    }

    /** Wire shape of a ticket: where to open the WebSocket with it, and until when. */
    public record Body(String ticket, String vmUuid, String vmName, String poolId, Instant expiresAt, String websocketPath) {
        static Body of(ConsoleTicket t) {
            return new Body(t.ticket(), t.vmUuid(), t.vmName(), t.poolId(), t.expiresAt(),
                    WEBSOCKET_PATH + "?ticket=" + t.ticket());
        }
    }
}
