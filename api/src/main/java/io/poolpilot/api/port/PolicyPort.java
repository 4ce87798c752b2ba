package io.poolpilot.api.port;

import io.poolpilot.api.model.PolicyUpdate;
import io.poolpilot.api.model.PoolPolicy;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.OptionalLong;

/** Per-pool policy. {@code replace} checks {@code expectedVersion} when present ({@link PortFailure.VersionMismatch}). */
public interface PolicyPort {
    Future<Optional<PoolPolicy>> policy(String poolId);

    Future<PoolPolicy> replace(String poolId, PolicyUpdate update, OptionalLong expectedVersion, String actor);
}
