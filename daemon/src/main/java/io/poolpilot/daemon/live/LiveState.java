package io.poolpilot.daemon.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.VmSample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few minutes (default 15) of samples per host and VM, in memory, for the planner, the
 * detector and the API. Thread-safe: one writer (the journal feeder) and any number of readers.
 * Memory is bounded: each window holds at most {@code window / minStep} samples, windows of
 * destroyed entities are dropped, and idle ones are evicted by {@link #evictIdle(long)}.
 *
 * <p>Per instant the first report wins, as in the database; a report older than the newest one
 * already held for the entity (a late migration overlap) is left to the database and not shown here.
 */
public final class LiveState {

    private static final int VM_CPU = 0;
    private static final int VM_COLUMNS = 8;
    private static final int HOST_COLUMNS = 6;

    private final long windowSeconds;
    private final int maxSamples;
    private final Map<String, Entity> vms = new ConcurrentHashMap<>();
    private final Map<String, Entity> hosts = new ConcurrentHashMap<>();

    /**
     * @param window         how much history each entity keeps
     * @param minStepSeconds the shortest sample step expected (5 for XAPI's 5 s archive); bounds memory
     */
    public LiveState(Duration window, int minStepSeconds, MeterRegistry registry) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("live window must be positive, got " + window);
        }
        if (minStepSeconds < 1) {
            throw new IllegalArgumentException("minStepSeconds must be >= 1, got " + minStepSeconds);
        }
        this.windowSeconds = window.toSeconds();
        this.maxSamples = (int) (windowSeconds / minStepSeconds) + 1;
        Gauge.builder(MetricNames.LIVE_ENTITIES, vms, Map::size).tag(MetricNames.TAG_KIND, "vm")
                .description("VMs with a live window").register(registry);
        Gauge.builder(MetricNames.LIVE_ENTITIES, hosts, Map::size).tag(MetricNames.TAG_KIND, "host")
                .description("Hosts with a live window").register(registry);
    }

    /** Applies one journaled observation. */
    public void accept(Observation observation) {
        switch (observation) {
            case VmSample s -> {
                Entity e = vms.computeIfAbsent(s.vmUuid(), k -> new Entity(s.poolUuid(), new Ring(VM_COLUMNS, maxSamples)));
                synchronized (e) {
                    e.poolUuid = s.poolUuid();
                    e.ring.append(s.timeSeconds(), s.stepSeconds(), s.vcpus(), s.hostUuid(), new double[] {
                            s.cpuUsedCores(), s.memoryBytes(), s.memoryFreeBytes(), s.memoryTargetBytes(),
                            s.diskReadBytesPerSecond(), s.diskWriteBytesPerSecond(), s.netRxBytesPerSecond(),
                            s.netTxBytesPerSecond()}, windowSeconds);
                }
            }
            case HostSample s -> {
                Entity e = hosts.computeIfAbsent(s.hostUuid(), k -> new Entity(s.poolUuid(), new Ring(HOST_COLUMNS, maxSamples)));
                synchronized (e) {
                    e.poolUuid = s.poolUuid();
                    e.ring.append(s.timeSeconds(), s.stepSeconds(), s.cpuCount(), null, new double[] {
                            s.cpuFraction(), s.memoryTotalBytes(), s.memoryFreeBytes(), s.loadAverage(),
                            s.netRxBytesPerSecond(), s.netTxBytesPerSecond()}, windowSeconds);
                }
            }
            case InventoryChange.VmGone g -> vms.remove(g.vmUuid());
            case InventoryChange.HostGone g -> hosts.remove(g.hostUuid());
            case InventoryChange ignored -> {
                // Other inventory changes carry no metrics.
            }
        }
    }

    /** Drops windows whose newest sample is older than the window before {@code nowSeconds}. */
    public int evictIdle(long nowSeconds) {
        long cutoff = nowSeconds - windowSeconds;
        int before = vms.size() + hosts.size();
        vms.values().removeIf(e -> newest(e) < cutoff);
        hosts.values().removeIf(e -> newest(e) < cutoff);
        return before - vms.size() - hosts.size();
    }

    public Set<String> vmUuids() {
        return Set.copyOf(vms.keySet());
    }

    public Set<String> hostUuids() {
        return Set.copyOf(hosts.keySet());
    }

    public Optional<VmSample> latestVm(String vmUuid) {
        List<VmSample> window = vmWindow(vmUuid, 1);
        return window.isEmpty() ? Optional.empty() : Optional.of(window.getFirst());
    }

    /**
     * The newest sample time held for a host (its own row), else for the VMs given (those now on it); empty when none
     * is in the window. Collection resumes a host's polling there after a restart.
     */
    public java.util.OptionalLong newestSampleSeconds(String hostUuid, java.util.Collection<String> vmUuids) {
        Optional<HostSample> host = latestHost(hostUuid);
        if (host.isPresent()) {
            return java.util.OptionalLong.of(host.get().timeSeconds());
        }
        return vmUuids.stream().map(this::latestVm).flatMap(Optional::stream).mapToLong(VmSample::timeSeconds).max();
    }

    public Optional<HostSample> latestHost(String hostUuid) {
        List<HostSample> window = hostWindow(hostUuid, 1);
        return window.isEmpty() ? Optional.empty() : Optional.of(window.getFirst());
    }

    /** The VM's window, oldest first (values are held as floats: about 7 significant digits). */
    public List<VmSample> vmWindow(String vmUuid) {
        return vmWindow(vmUuid, Integer.MAX_VALUE);
    }

    public List<HostSample> hostWindow(String hostUuid) {
        return hostWindow(hostUuid, Integer.MAX_VALUE);
    }

    /** 95th percentile (nearest rank) of the VM's cpuUsedCores over its window; empty without data. */
    public OptionalDouble p95CpuUsedCores(String vmUuid) {
        Entity e = vms.get(vmUuid);
        if (e == null) {
            return OptionalDouble.empty();
        }
        double[] values;
        synchronized (e) {
            values = e.ring.column(VM_CPU);
        }
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(0.95 * values.length);
        return OptionalDouble.of(values[Math.max(0, rank - 1)]);
    }

    private List<VmSample> vmWindow(String vmUuid, int newest) {
        Entity e = vms.get(vmUuid);
        if (e == null) {
            return List.of();
        }
        synchronized (e) {
            Ring r = e.ring;
            List<VmSample> out = new ArrayList<>(Math.min(newest, r.size()));
            for (int i = Math.max(0, r.size() - newest); i < r.size(); i++) {
                out.add(new VmSample(e.poolUuid, r.host(i), vmUuid, r.second(i), r.step(i), r.count(i),
                        r.value(i, 0), r.value(i, 1), r.value(i, 2), r.value(i, 3), r.value(i, 4), r.value(i, 5),
                        r.value(i, 6), r.value(i, 7)));
            }
            return out;
        }
    }

    private List<HostSample> hostWindow(String hostUuid, int newest) {
        Entity e = hosts.get(hostUuid);
        if (e == null) {
            return List.of();
        }
        synchronized (e) {
            Ring r = e.ring;
            List<HostSample> out = new ArrayList<>(Math.min(newest, r.size()));
            for (int i = Math.max(0, r.size() - newest); i < r.size(); i++) {
                out.add(new HostSample(e.poolUuid, hostUuid, r.second(i), r.step(i), r.count(i),
                        r.value(i, 0), r.value(i, 1), r.value(i, 2), r.value(i, 3), r.value(i, 4), r.value(i, 5)));
            }
            return out;
        }
    }

    private static long newest(Entity e) {
        synchronized (e) {
            return e.ring.newestSecond();
        }
    }

    /** One entity's window and the pool it was last reported in. */
    private static final class Entity {
        String poolUuid;
        final Ring ring;

        Entity(String poolUuid, Ring ring) {
            this.poolUuid = poolUuid;
            this.ring = ring;
        }
    }
}
