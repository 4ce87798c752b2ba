package io.poolpilot.planner;

import java.util.Objects;

/** What a plan is for. */
public sealed interface Mode {

    /** Spread CPU and memory demand evenly (performance). */
    record Balance() implements Mode {
    }

    /** Empty as many hosts as possible without crossing the CPU threshold (density). */
    record Consolidate() implements Mode {
    }

    /** Move every VM off one host, e.g. before maintenance. */
    record Evacuate(String hostId) implements Mode {
        public Evacuate {
            Objects.requireNonNull(hostId, "hostId of the host to evacuate");
            if (hostId.isBlank()) {
                throw new IllegalArgumentException("hostId of the host to evacuate must not be blank");
            }
        }
    }

    static Mode balance() {
        return new Balance();
    }

    static Mode consolidate() {
        return new Consolidate();
    }

    static Mode evacuate(String hostId) {
        return new Evacuate(hostId);
    }
}
