package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Objects;

/** The policy in force for a pool; {@code version} is its ETag. */
public record PoolPolicy(String poolId, long version, PolicyMode mode, PolicyLimits limits, AdvisoryTrigger advisory,
                         String updatedBy, Instant updatedAt) {
    public PoolPolicy {
        Ids.requirePoolId("policy poolId", poolId);
        if (version < 1) {
            throw new IllegalArgumentException("policy version must be >= 1, got " + version);
        }
        Objects.requireNonNull(mode, "policy mode");
        Objects.requireNonNull(limits, "policy limits");
    }

    public PolicyUpdate settings() {
        return new PolicyUpdate(mode, limits, advisory);
    }
}
