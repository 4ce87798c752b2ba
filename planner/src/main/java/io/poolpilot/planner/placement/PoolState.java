package io.poolpilot.planner.placement;

import io.poolpilot.planner.HostLoad;
import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.VmSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every VM is, with running totals per host and the hard rules that a single migration must keep:
 * destination accepts VMs, memory, vCPU overcommit, anti-affinity, pinned VMs stay. Indices follow the
 * snapshot's host and VM order so that every loop over it is deterministic.
 */
public final class PoolState {

    private final PoolSnapshot snapshot;
    private final HostSpec[] hosts;
    private final VmSpec[] vms;
    private final Map<String, Integer> hostIndex = new HashMap<>();
    private final Map<String, Integer> vmIndex = new HashMap<>();
    private final HostLimits limits;
    private final int[][] antiAffinityOfVm;
    private final int antiAffinityGroupCount;

    private final int[] hostOf;
    private final long[] memoryUsed;
    private final int[] vcpusUsed;
    private final double[] cpuDemand;
    private final int[] vmCount;
    /** [group][host] -> resident members of the anti-affinity group. */
    private final int[][] antiAffinityCount;

    /**
     * @param snapshot          pool
     * @param evacuatingHostId  host treated as not accepting VMs (evacuate mode), or null
     */
    public PoolState(PoolSnapshot snapshot, String evacuatingHostId) {
        this.snapshot = snapshot;
        hosts = snapshot.hosts().toArray(HostSpec[]::new);
        vms = snapshot.vms().toArray(VmSpec[]::new);
        int h = hosts.length;
        limits = new HostLimits(snapshot, evacuatingHostId);
        for (int i = 0; i < h; i++) {
            hostIndex.put(hosts[i].id(), i);
        }
        Map<String, Integer> groupIndex = new TreeMap<>();
        for (VmSpec vm : vms) {
            for (String group : vm.antiAffinityGroups()) {
                groupIndex.putIfAbsent(group, groupIndex.size());
            }
        }
        antiAffinityGroupCount = groupIndex.size();
        antiAffinityOfVm = new int[vms.length][];
        hostOf = new int[vms.length];
        memoryUsed = new long[h];
        vcpusUsed = new int[h];
        cpuDemand = new double[h];
        vmCount = new int[h];
        antiAffinityCount = new int[antiAffinityGroupCount][h];
        for (int v = 0; v < vms.length; v++) {
            VmSpec vm = vms[v];
            vmIndex.put(vm.id(), v);
            antiAffinityOfVm[v] = vm.antiAffinityGroups().stream().mapToInt(groupIndex::get).toArray();
            hostOf[v] = hostIndex.get(vm.currentHostId());
            add(v, hostOf[v]);
        }
    }

    private PoolState(PoolState other) {
        snapshot = other.snapshot;
        hosts = other.hosts;
        vms = other.vms;
        hostIndex.putAll(other.hostIndex);
        vmIndex.putAll(other.vmIndex);
        limits = other.limits;
        antiAffinityOfVm = other.antiAffinityOfVm;
        antiAffinityGroupCount = other.antiAffinityGroupCount;
        hostOf = other.hostOf.clone();
        memoryUsed = other.memoryUsed.clone();
        vcpusUsed = other.vcpusUsed.clone();
        cpuDemand = other.cpuDemand.clone();
        vmCount = other.vmCount.clone();
        antiAffinityCount = new int[antiAffinityGroupCount][];
        for (int g = 0; g < antiAffinityGroupCount; g++) {
            antiAffinityCount[g] = other.antiAffinityCount[g].clone();
        }
    }

    /** The one place the vCPU limit of a host is computed. */
    public static int maxVcpus(HostSpec host, double overcommitRatio) {
        return HostLimits.maxVcpus(host, overcommitRatio);
    }

    public PoolState copy() {
        return new PoolState(this);
    }

    public PoolSnapshot snapshot() {
        return snapshot;
    }

    public int hostCount() {
        return hosts.length;
    }

    public int vmCount() {
        return vms.length;
    }

    public HostSpec host(int h) {
        return hosts[h];
    }

    public VmSpec vm(int v) {
        return vms[v];
    }

    public int hostIndex(String hostId) {
        Integer index = hostIndex.get(hostId);
        if (index == null) {
            throw new IllegalArgumentException("unknown host " + hostId);
        }
        return index;
    }

    public int vmIndex(String vmId) {
        Integer index = vmIndex.get(vmId);
        if (index == null) {
            throw new IllegalArgumentException("unknown vm " + vmId);
        }
        return index;
    }

    public int hostOf(int v) {
        return hostOf[v];
    }

    public boolean accepts(int h) {
        return limits.accepts[h];
    }

    public long memoryFree(int h) {
        return limits.memoryCapacity[h] - memoryUsed[h];
    }

    public long memoryUsed(int h) {
        return memoryUsed[h];
    }

    public long memoryCapacity(int h) {
        return limits.memoryCapacity[h];
    }

    public int vcpusFree(int h) {
        return limits.maxVcpus[h] - vcpusUsed[h];
    }

    public double cpuDemand(int h) {
        return cpuDemand[h];
    }

    public double cpuCapacity(int h) {
        return limits.cpuCapacity[h];
    }

    public int residentCount(int h) {
        return vmCount[h];
    }

    public double cpuUtilisation(int h) {
        return cpuDemand[h] / limits.cpuCapacity[h];
    }

    public double memoryUtilisation(int h) {
        return (double) memoryUsed[h] / limits.memoryCapacity[h];
    }

    /** The pool's CPU threshold on host {@code h}, in millicores. */
    public long cpuThresholdMillis(int h) {
        return limits.cpuThresholdMillis[h];
    }

    /** The pool's memory threshold on host {@code h}. */
    public long memoryThresholdBytes(int h) {
        return limits.memoryThreshold[h];
    }

    public int[] antiAffinityGroupsOf(int v) {
        return antiAffinityOfVm[v];
    }

    /** Members of anti-affinity group {@code g} resident on host {@code h}. */
    public int antiAffinityMembers(int g, int h) {
        return antiAffinityCount[g][h];
    }

    /**
     * True when VM {@code v} may migrate to host {@code h} now, with {@code reservedMemoryBytes} and
     * {@code reservedVcpus} already promised to other VMs arriving at {@code h} in the same wave.
     */
    public boolean canMigrate(int v, int h, long reservedMemoryBytes, int reservedVcpus) {
        VmSpec vm = vms[v];
        if (vm.pinned() || hostOf[v] == h || !limits.accepts[h]) {
            return false;
        }
        if (memoryUsed[h] + reservedMemoryBytes + vm.memoryBytes() > limits.memoryCapacity[h]) {
            return false;
        }
        if (vcpusUsed[h] + reservedVcpus + vm.vcpus() > limits.maxVcpus[h]) {
            return false;
        }
        for (int g : antiAffinityOfVm[v]) {
            if (antiAffinityCount[g][h] > 0) {
                return false;
            }
        }
        return true;
    }

    public boolean canMigrate(int v, int h) {
        return canMigrate(v, h, 0, 0);
    }

    /** Moves VM {@code v} to host {@code h} without checks (the caller checked). */
    public void move(int v, int h) {
        remove(v, hostOf[v]);
        hostOf[v] = h;
        add(v, h);
    }

    private void add(int v, int h) {
        VmSpec vm = vms[v];
        memoryUsed[h] += vm.memoryBytes();
        vcpusUsed[h] += vm.vcpus();
        cpuDemand[h] += vm.cpuDemandCores();
        vmCount[h]++;
        for (int g : antiAffinityOfVm[v]) {
            antiAffinityCount[g][h]++;
        }
    }

    private void remove(int v, int h) {
        VmSpec vm = vms[v];
        memoryUsed[h] -= vm.memoryBytes();
        vcpusUsed[h] -= vm.vcpus();
        cpuDemand[h] -= vm.cpuDemandCores();
        vmCount[h]--;
        for (int g : antiAffinityOfVm[v]) {
            antiAffinityCount[g][h]--;
        }
    }

    public HostLoad load(int h) {
        return new HostLoad(hosts[h].id(), vmCount[h], vcpusUsed[h], Math.max(0, cpuDemand[h]),
                Math.max(0, cpuUtilisation(h)), memoryUsed[h], memoryUtilisation(h));
    }

    /** Load of every host, keyed by host id, in snapshot order. */
    public Map<String, HostLoad> loads() {
        Map<String, HostLoad> loads = new LinkedHashMap<>();
        for (int h = 0; h < hosts.length; h++) {
            loads.put(hosts[h].id(), load(h));
        }
        return loads;
    }

    /** Hosts that count for balance figures: those that accept VMs or still run some. */
    public List<Integer> measuredHosts() {
        List<Integer> measured = new ArrayList<>();
        for (int h = 0; h < hosts.length; h++) {
            if (limits.accepts[h] || vmCount[h] > 0) {
                measured.add(h);
            }
        }
        return measured;
    }

    /** Population standard deviation of CPU utilisation over {@link #measuredHosts()}. */
    public double cpuUtilisationStdDev() {
        List<Integer> measured = measuredHosts();
        double mean = measured.stream().mapToDouble(this::cpuUtilisation).average().orElse(0);
        double squares = measured.stream().mapToDouble(h -> Math.pow(cpuUtilisation(h) - mean, 2)).sum();
        return Math.sqrt(squares / Math.max(1, measured.size()));
    }

    /** Highest CPU utilisation of any host. */
    public double peakCpuUtilisation() {
        double peak = 0;
        for (int h = 0; h < hosts.length; h++) {
            peak = Math.max(peak, cpuUtilisation(h));
        }
        return peak;
    }

    /** Hosts running at least one VM. */
    public int hostsInUse() {
        return (int) Arrays.stream(vmCount).filter(c -> c > 0).count();
    }

    /** Current host id of every VM, keyed by VM id. */
    public Map<String, String> placement() {
        Map<String, String> placement = new LinkedHashMap<>();
        for (int v = 0; v < vms.length; v++) {
            placement.put(vms[v].id(), hosts[hostOf[v]].id());
        }
        return placement;
    }

    /** True when every host respects memory and vCPU limits. */
    public boolean withinCapacity() {
        for (int h = 0; h < hosts.length; h++) {
            if (memoryUsed[h] > limits.memoryCapacity[h] || vcpusUsed[h] > limits.maxVcpus[h]) {
                return false;
            }
        }
        return true;
    }
}
