package io.poolpilot.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a pool's policy does about an alert by itself (docs/alerts.md, "Answers"): one per alert and kind,
 * with the VMs it acts on as steps and the reasons for each state.
 *
 * @param kind        {@code shutdown-vms} (storage lost pool-wide) or {@code restart-vms} (the storage came back)
 * @param subject     what the alert is about (an SR uuid for storage)
 * @param dueAt       when the grace period ends (the answer does nothing before)
 * @param decidedBy   who approved or rejected it: an operator, or the automatic policy
 */
public record AlertAnswer(String id, String alertId, String poolId, String kind, AnswerState state, String subject,
                          String reason, String stateReason, Instant dueAt, String decidedBy, Instant createdAt,
                          Instant updatedAt, List<AnswerStep> steps) {
    public AlertAnswer {
        Objects.requireNonNull(id, "answer id");
        Objects.requireNonNull(state, "answer state");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
