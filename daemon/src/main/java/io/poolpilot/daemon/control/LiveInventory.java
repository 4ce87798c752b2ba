package io.poolpilot.daemon.control;

import io.poolpilot.api.model.Host;
import io.poolpilot.api.model.HostMetrics;
import io.poolpilot.api.model.Ids;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Pool;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PowerState;
import io.poolpilot.api.model.Vm;
import io.poolpilot.api.model.VmMetrics;
import io.poolpilot.api.port.InventoryPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.policy.PolicyStore;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link InventoryPort} over the collectors' live inventories and the live window's latest samples. */
public final class LiveInventory implements InventoryPort {

    private final Supplier<Map<String, Inventory>> inventories;
    private final LiveState live;
    private final PolicyStore policies;
    private final Clock clock;
    private final String billingAccountKey;

    /** @param inventories pool name → current inventory (null value: still connecting), in config order */
    public LiveInventory(Supplier<Map<String, Inventory>> inventories, LiveState live, PolicyStore policies, Clock clock) {
        this(inventories, live, policies, clock, null);
    }

    /** @param billingAccountKey the other_config key naming a VM's billing account (null: none shown) */
    public LiveInventory(Supplier<Map<String, Inventory>> inventories, LiveState live, PolicyStore policies, Clock clock,
                         String billingAccountKey) {
        this.inventories = inventories;
        this.live = live;
        this.policies = policies;
        this.clock = clock;
        this.billingAccountKey = billingAccountKey;
    }

    @Override
    public Future<Page<Pool>> pools(PageRequest page) {
        List<String> names = inventories.get().keySet().stream().sorted().toList();
        List<String> after = names.stream().filter(n -> page.afterKey() == null || n.compareTo(page.afterKey()) > 0).toList();
        List<String> shown = after.subList(0, Math.min(page.limit(), after.size()));
        return policiesFor(shown).map(modes -> {
            List<Pool> out = new ArrayList<>();
            for (String name : shown) {
                out.add(pool(name, modes.get(name)));
            }
            return new Page<>(out, after.size() > shown.size() ? shown.getLast() : null);
        });
    }

    @Override
    public Future<Optional<Pool>> pool(String poolId) {
        if (!inventories.get().containsKey(poolId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return policiesFor(List.of(poolId)).map(modes -> Optional.of(pool(poolId, modes.get(poolId))));
    }

    /**
     * Policy modes for the pool list, read at most once a second: a pool listing is a dashboard's poll, and
     * a mode shown a second late is harmless (the autopilot always reads the policy fresh).
     */
    private Future<Map<String, PolicyMode>> policiesFor(List<String> names) {
        CachedModes cached = modes;
        if (cached != null && System.nanoTime() - cached.readAtNanos() < 1_000_000_000L
                && cached.modes().keySet().containsAll(names)) {
            return Future.succeededFuture(cached.modes());
        }
        return readPolicies(inventories.get().keySet().stream().toList()).onSuccess(m -> modes = new CachedModes(m, System.nanoTime()));
    }

    private record CachedModes(Map<String, PolicyMode> modes, long readAtNanos) {
    }

    private volatile CachedModes modes;

    private Future<Map<String, PolicyMode>> readPolicies(List<String> names) {
        List<Future<?>> reads = new ArrayList<>();
        Map<String, PolicyMode> modes = new java.util.concurrent.ConcurrentHashMap<>();
        for (String name : names) {
            reads.add(policies.policy(name).onSuccess(p -> p.ifPresent(pp -> modes.put(name, pp.mode()))));
        }
        return Future.all(reads).map(v -> Map.copyOf(modes));
    }

    private Pool pool(String name, PolicyMode mode) {
        Inventory inv = inventories.get().get(name);
        int hosts = inv == null ? 0 : inv.hosts().size();
        int vms = inv == null ? 0 : (int) inv.vms().values().stream().filter(io.poolpilot.xapi.model.Vm::isGuest).count();
        String master = inv == null ? "" : inv.pools().values().stream().findFirst()
                .flatMap(p -> inv.get(io.poolpilot.xapi.model.XapiClass.HOST, p.master()))
                .map(io.poolpilot.xapi.model.Host::address).orElse("");
        return new Pool(name, name, master, hosts, vms, mode == null ? PolicyMode.MANUAL : mode, clock.instant());
    }

    @Override
    public Future<Page<Host>> hosts(String poolId, PageRequest page) {
        Inventory inv = inventories.get().get(poolId);
        if (!inventories.get().containsKey(poolId)) {
            return Future.failedFuture(new PortFailure.NotFound("pool", poolId));
        }
        List<Host> all = inv == null ? List.of() : inv.hosts().values().stream().map(h -> host(poolId, inv, h)).toList();
        return Future.succeededFuture(page(all, Host::uuid, page));
    }

    @Override
    public Future<Optional<Host>> host(String hostUuid) {
        for (Map.Entry<String, Inventory> e : inventories.get().entrySet()) {
            Inventory inv = e.getValue();
            if (inv != null && inv.hostByUuid(hostUuid).isPresent()) {
                return Future.succeededFuture(Optional.of(host(e.getKey(), inv, inv.hostByUuid(hostUuid).get())));
            }
        }
        return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Page<Vm>> vms(String poolId, PageRequest page) {
        Inventory inv = inventories.get().get(poolId);
        if (!inventories.get().containsKey(poolId)) {
            return Future.failedFuture(new PortFailure.NotFound("pool", poolId));
        }
        List<Vm> all = inv == null ? List.of() : inv.vms().values().stream()
                .filter(io.poolpilot.xapi.model.Vm::isGuest).filter(v -> Ids.isUuid(v.uuid()))
                .map(v -> vm(poolId, inv, v)).toList();
        return Future.succeededFuture(page(all, Vm::uuid, page));
    }

    @Override
    public Future<Optional<Vm>> vm(String vmUuid) {
        for (Map.Entry<String, Inventory> e : inventories.get().entrySet()) {
            Inventory inv = e.getValue();
            if (inv != null) {
                var found = inv.vmByUuid(vmUuid).filter(io.poolpilot.xapi.model.Vm::isGuest);
                if (found.isPresent()) {
                    return Future.succeededFuture(Optional.of(vm(e.getKey(), inv, found.get())));
                }
            }
        }
        return Future.succeededFuture(Optional.empty());
    }

    private Host host(String poolId, Inventory inv, io.poolpilot.xapi.model.Host h) {
        long total = h.metrics().flatMap(ref -> Optional.ofNullable(inv.hostMetrics().get(ref)))
                .map(io.poolpilot.xapi.model.HostMetrics::memoryTotalBytes).orElse(0L);
        HostMetrics latest = live.latestHost(h.uuid()).map(LiveInventory::hostMetrics).orElse(null);
        return new Host(h.uuid(), poolId, h.nameLabel(), h.enabled(), h.cpuCount(), total, latest);
    }

    private Vm vm(String poolId, Inventory inv, io.poolpilot.xapi.model.Vm v) {
        String hostUuid = v.residentOn().flatMap(ref -> Optional.ofNullable(inv.hosts().get(ref)))
                .map(io.poolpilot.xapi.model.Host::uuid).orElse(null);
        PowerState state = switch (v.powerState()) {
            case RUNNING -> PowerState.RUNNING;
            case PAUSED -> PowerState.PAUSED;
            case SUSPENDED -> PowerState.SUSPENDED;
            default -> PowerState.HALTED;
        };
        VmMetrics latest = live.latestVm(v.uuid()).map(LiveInventory::vmMetrics).orElse(null);
        String account = billingAccountKey == null ? null : v.otherConfig().get(billingAccountKey);
        return new Vm(v.uuid(), poolId, v.nameLabel(), state, state == PowerState.RUNNING ? hostUuid : null,
                v.vcpusAtStartup(), v.memoryStaticMaxBytes(), latest, account, VmDevices.disks(inv, v), VmDevices.networkInterfaces(inv, v));
    }

    private static HostMetrics hostMetrics(HostSample s) {
        return new HostMetrics(Instant.ofEpochSecond(s.timeSeconds()), orZero(s.cpuFraction()),
                (long) orZero(s.memoryFreeBytes()), orZero(s.loadAverage()), orZero(s.netRxBytesPerSecond()),
                orZero(s.netTxBytesPerSecond()));
    }

    private static VmMetrics vmMetrics(VmSample s) {
        double cpuFraction = s.vcpus() > 0 ? orZero(s.cpuUsedCores()) / s.vcpus() : 0;
        return new VmMetrics(Instant.ofEpochSecond(s.timeSeconds()), cpuFraction, (long) orZero(s.memoryBytes()),
                Double.isNaN(s.memoryFreeBytes()) ? null : (long) s.memoryFreeBytes(), orZero(s.netRxBytesPerSecond()),
                orZero(s.netTxBytesPerSecond()), orZero(s.diskReadBytesPerSecond()), orZero(s.diskWriteBytesPerSecond()));
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static <T> Page<T> page(List<T> all, Function<T, String> key, PageRequest page) {
        List<T> sorted = all.stream().sorted(Comparator.comparing(key))
                .filter(t -> page.afterKey() == null || key.apply(t).compareTo(page.afterKey()) > 0).toList();
        List<T> shown = sorted.subList(0, Math.min(page.limit(), sorted.size()));
        return new Page<>(shown, sorted.size() > shown.size() ? key.apply(shown.getLast()) : null);
    }
}
