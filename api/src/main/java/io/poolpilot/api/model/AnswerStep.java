package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One VM an answer acts on: what it does ({@code hard-shutdown} or {@code start}), to which VM (named by
 * name and uuid), on which host it was, how it went.
 */
public record AnswerStep(int index, String action, String vmUuid, String vmName, String hostUuid, StepStatus status,
                         String outcome, Instant startedAt, Instant finishedAt) {
    public AnswerStep {
        Objects.requireNonNull(action, "step action");
        Objects.requireNonNull(vmUuid, "step vmUuid");
        Objects.requireNonNull(status, "step status");
    }
}
