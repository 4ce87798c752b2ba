package io.poolpilot.api.support;

import io.poolpilot.api.model.Host;
import io.poolpilot.api.model.HostMetrics;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.Pool;
import io.poolpilot.api.model.PowerState;
import io.poolpilot.api.model.Vm;
import io.poolpilot.api.model.VmMetrics;
import io.poolpilot.api.port.InventoryPort;
import io.poolpilot.api.port.PortFailure;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A fixed inventory: pool-a (3 hosts, 23 VMs) and pool-b (1 host, no VMs), with deterministic uuids. */
public final class InMemoryInventory implements InventoryPort {
    public static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private final List<Pool> pools = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private final List<Vm> vms = new ArrayList<>();

    public InMemoryInventory() {
        pools.add(new Pool("pool-a", "Pool A", "127.0.1.1", 3, 23, PolicyMode.MANUAL, T0));
        pools.add(new Pool("pool-b", "Pool B", "127.0.2.1", 1, 0, PolicyMode.ADVISORY, T0));
        for (int h = 0; h < 3; h++) {
            hosts.add(new Host(hostUuid(h), "pool-a", "host-a" + h, true, 32, 256L << 30,
                    new HostMetrics(T0, 0.2 + 0.1 * h, 100L << 30, 1.5, 1e6, 2e6)));
        }
        hosts.add(new Host(hostUuid(9), "pool-b", "host-b0", true, 16, 128L << 30, null));
        for (int v = 0; v < 23; v++) {
            vms.add(new Vm(vmUuid(v), "pool-a", "vm-" + v, PowerState.RUNNING, hostUuid(v % 3), 2, 4L << 30,
                    new VmMetrics(T0, 0.5, 4L << 30, null, 1e3, 2e3, 3e3, 4e3)));
        }
    }

    public static String hostUuid(int n) {
        return new UUID(0x1000_0000_0000_0000L, n).toString();
    }

    public static String vmUuid(int n) {
        return new UUID(0x2000_0000_0000_0000L, n).toString();
    }

    @Override
    public Future<Page<Pool>> pools(PageRequest page) {
        return Future.succeededFuture(Paging.page(pools, Pool::id, page));
    }

    @Override
    public Future<Optional<Pool>> pool(String poolId) {
        return Future.succeededFuture(pools.stream().filter(p -> p.id().equals(poolId)).findFirst());
    }

    @Override
    public Future<Page<Host>> hosts(String poolId, PageRequest page) {
        return knownPool(poolId).map(v -> Paging.page(hosts.stream().filter(h -> h.poolId().equals(poolId)).toList(), Host::uuid, page));
    }

    @Override
    public Future<Optional<Host>> host(String hostUuid) {
        return Future.succeededFuture(hosts.stream().filter(h -> h.uuid().equals(hostUuid)).findFirst());
    }

    @Override
    public Future<Page<Vm>> vms(String poolId, PageRequest page) {
        return knownPool(poolId).map(v -> Paging.page(vms.stream().filter(vm -> vm.poolId().equals(poolId)).toList(), Vm::uuid, page));
    }

    @Override
    public Future<Optional<Vm>> vm(String vmUuid) {
        return Future.succeededFuture(vms.stream().filter(v -> v.uuid().equals(vmUuid)).findFirst());
    }

    Future<Void> knownPool(String poolId) {
        return pools.stream().anyMatch(p -> p.id().equals(poolId))
                ? Future.succeededFuture()
                : Future.failedFuture(new PortFailure.NotFound("pool", poolId));
    }

    boolean hasPool(String poolId) {
        return pools.stream().anyMatch(p -> p.id().equals(poolId));
    }
}
