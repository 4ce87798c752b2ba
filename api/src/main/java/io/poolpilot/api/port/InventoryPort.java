package io.poolpilot.api.port;

import io.poolpilot.api.model.Host;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Pool;
import io.poolpilot.api.model.Vm;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * Pools, hosts and VMs with their latest metrics. Lists are ordered by a stable key (pool id, uuid)
 * and page strictly after {@link PageRequest#afterKey()}; per-pool lists fail with
 * {@link PortFailure.NotFound} for an unknown pool.
 */
public interface InventoryPort {
    Future<Page<Pool>> pools(PageRequest page);

    Future<Optional<Pool>> pool(String poolId);

    Future<Page<Host>> hosts(String poolId, PageRequest page);

    Future<Optional<Host>> host(String hostUuid);

    Future<Page<Vm>> vms(String poolId, PageRequest page);

    Future<Optional<Vm>> vm(String vmUuid);
}
