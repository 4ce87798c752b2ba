package io.poolpilot.api.model;

import java.util.Objects;

/**
 * A VM action as asked: {@code hostId} is the destination of a migrate (required there, refused for
 * the other actions); {@code reason} is audited.
 */
public record VmActionRequest(VmAction action, String hostId, String reason) {
    public VmActionRequest {
        Objects.requireNonNull(action, "action");
        if (hostId != null) {
            Ids.requireUuid("hostId", hostId);
            if (!action.takesHost()) {
                throw new IllegalArgumentException("hostId is only for migrate, not " + action.wire());
            }
        }
        if (action == VmAction.MIGRATE && hostId == null) {
            throw new IllegalArgumentException("migrate needs hostId, the destination host's uuid");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a VM action needs a reason (it is audited)");
        }
    }

    /** The request as one line, compared to spot an Idempotency-Key reused for a different request. */
    public String fingerprint(String vmUuid) {
        return "vm/" + vmUuid + " " + action.wire() + " host=" + hostId + " reason=" + reason;
    }
}
