package io.poolpilot.planner;

import java.util.Objects;

/**
 * One live migration of a plan.
 *
 * @param vmId        VM to migrate
 * @param fromHostId  host it runs on when the step starts
 * @param toHostId    host it goes to
 * @param memoryBytes memory the migration copies
 * @param reason      why, with predicted loads
 */
public record Step(String vmId, String fromHostId, String toHostId, long memoryBytes, Reason reason) {

    public Step {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(fromHostId, "fromHostId");
        Objects.requireNonNull(toHostId, "toHostId");
        Objects.requireNonNull(reason, "reason");
        if (fromHostId.equals(toHostId)) {
            throw new IllegalArgumentException("step for vm " + vmId + " goes nowhere: from = to = " + toHostId);
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("step for vm " + vmId + ": memoryBytes must be > 0, got " + memoryBytes);
        }
    }
}
