package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/** A Xen pool PoolPilot follows, with counts and the policy mode in force. */
public record Pool(String id, String name, String masterAddress, int hostCount, int vmCount,
                   PolicyMode policyMode, Instant updatedAt) {
    public Pool {
        Ids.requirePoolId("pool id", id);
        Objects.requireNonNull(name, "pool name");
        if (hostCount < 0 || vmCount < 0) {
            throw new IllegalArgumentException("pool " + id + ": counts must be >= 0, got hosts="
                    + hostCount + " vms=" + vmCount);
        }
        Objects.requireNonNull(policyMode, "pool policyMode");
    }
}
