package io.poolpilot.planner.sequence;

import java.util.Objects;

/**
 * One migration chosen by the sequencer.
 *
 * @param vmId        VM
 * @param fromHostId  host it leaves
 * @param toHostId    host it goes to
 * @param memoryBytes memory copied
 * @param kind        direct to its target, parked on a spare host, or resumed from a spare host
 */
public record Migration(String vmId, String fromHostId, String toHostId, long memoryBytes, Kind kind) {

    /** Why the sequencer emitted this migration. */
    public enum Kind {
        /** Straight to the planned host. */
        DIRECT,
        /** To a spare host, to break a cycle of full hosts. */
        PARK,
        /** From the spare host on to the planned host. */
        RESUME
    }

    public Migration {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(fromHostId, "fromHostId");
        Objects.requireNonNull(toHostId, "toHostId");
        Objects.requireNonNull(kind, "kind");
    }
}
