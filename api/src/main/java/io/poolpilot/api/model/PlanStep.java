package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One migration of a plan, with the reason the planner gave for it and the wave (0-based) it belongs to:
 * the steps of a wave may run at once, a wave starts when the one before it is done; null when not known.
 * Once the executor has touched it: how many times it was started, when it first started and when it
 * ended, its outcome in a sentence and, when XAPI refused it, XAPI's raw error. Names are the pool's
 * current ones (null when the object is gone).
 */
public record PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes,
                       String reason, StepStatus status, Integer wave, String vmName, String fromHostName,
                       String toHostName, int attempts, Instant startedAt, Instant finishedAt, String outcome,
                       StepError error) {
    public PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes, String reason,
                    StepStatus status) {
        this(index, vmUuid, fromHostUuid, toHostUuid, memoryBytes, reason, status, null);
    }

    /** A step as planned: not started, no names yet. */
    public PlanStep(int index, String vmUuid, String fromHostUuid, String toHostUuid, long memoryBytes, String reason,
                    StepStatus status, Integer wave) {
        this(index, vmUuid, fromHostUuid, toHostUuid, memoryBytes, reason, status, wave, null, null, null, 0, null,
                null, null, null);
    }

    /** The same step with the names of its VM and hosts. */
    public PlanStep withNames(String vm, String fromHost, String toHost) {
        return new PlanStep(index, vmUuid, fromHostUuid, toHostUuid, memoryBytes, reason, status, wave, vm, fromHost,
                toHost, attempts, startedAt, finishedAt, outcome, error);
    }

    /** Memory the migration copies, in GiB (what the plan's GiB budget counts). */
    @com.fasterxml.jackson.annotation.JsonProperty("movedGiB")
    public double movedGiB() {
        return Math.round(memoryBytes / (double) (1L << 30) * 1000) / 1000.0;
    }

    public PlanStep {
        if (wave != null && wave < 0) {
            throw new IllegalArgumentException("step wave must be >= 0, got " + wave);
        }
        if (index < 0) {
            throw new IllegalArgumentException("step index must be >= 0, got " + index);
        }
        Ids.requireUuid("step vmUuid", vmUuid);
        Ids.requireUuid("step fromHostUuid", fromHostUuid);
        Ids.requireUuid("step toHostUuid", toHostUuid);
        Objects.requireNonNull(status, "step status");
        if (attempts < 0) {
            throw new IllegalArgumentException("step attempts must be >= 0, got " + attempts);
        }
    }
}
