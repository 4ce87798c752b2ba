package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A single-use, short-lived permission to open one VM's console over the API's WebSocket
 * ({@code GET /v1/consoles/websocket?ticket=...}), issued to the token that asked for it.
 */
public record ConsoleTicket(String ticket, String vmUuid, String vmName, String poolId, Instant expiresAt) {
    public ConsoleTicket {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(vmName, "vmName");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
