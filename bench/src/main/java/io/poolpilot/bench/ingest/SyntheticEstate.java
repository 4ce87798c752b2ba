package io.poolpilot.bench.ingest;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** A seeded pool of N VMs on N/40 hosts: its inventory and one wide sample per entity per tick. */
final class SyntheticEstate {

    static final int VM_METRICS = 8;
    static final int HOST_METRICS = 6;

    private final int vms;
    private final int hosts;
    private final int step;
    private final String pool;
    private final List<String> poolHosts = new ArrayList<>();
    private final List<String> poolVms = new ArrayList<>();

    /** Draws the pool's, hosts' and VMs' uuids from {@code random}. */
    SyntheticEstate(int vms, int hosts, int step, Random random) {
        this.vms = vms;
        this.hosts = hosts;
        this.step = step;
        this.pool = uuid(random);
        for (int h = 0; h < hosts; h++) {
            poolHosts.add(uuid(random));
        }
        for (int v = 0; v < vms; v++) {
            poolVms.add(uuid(random));
        }
    }

    int vms() {
        return vms;
    }

    int hosts() {
        return hosts;
    }

    int step() {
        return step;
    }

    String firstVm() {
        return poolVms.getFirst();
    }

    List<Observation> inventory(long millis) {
        List<Observation> out = new ArrayList<>();
        out.add(new InventoryChange.PoolSeen(pool, "bench", millis));
        for (int h = 0; h < hosts; h++) {
            out.add(new InventoryChange.HostSeen(pool, poolHosts.get(h), "host-" + h, "127.0.20." + (h % 250), 64,
                    512L << 30, true, millis));
        }
        for (int v = 0; v < vms; v++) {
            out.add(new InventoryChange.VmSeen(pool, poolVms.get(v), "vm-" + v, poolHosts.get(v % hosts), PowerState.RUNNING,
                    4, 8L << 30, "acct-" + (v % 100), Map.of(), millis));
        }
        return out;
    }

    List<Observation> tick(long t, Random r) {
        List<Observation> out = new ArrayList<>(vms + hosts);
        for (int h = 0; h < hosts; h++) {
            out.add(new HostSample(pool, poolHosts.get(h), t, step, 64, r.nextDouble(), 512.0 * (1L << 30),
                    r.nextInt(1 << 30) * 256.0, r.nextDouble() * 8, r.nextDouble() * 1e8, r.nextDouble() * 1e8));
        }
        for (int v = 0; v < vms; v++) {
            out.add(new VmSample(pool, poolHosts.get(v % hosts), poolVms.get(v), t, step, 4, r.nextDouble() * 4,
                    8.0 * (1L << 30), r.nextInt(1 << 30) * 4.0, 8.0 * (1L << 30), r.nextDouble() * 1e7, r.nextDouble() * 1e7,
                    r.nextDouble() * 1e6, r.nextDouble() * 1e6));
        }
        return out;
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
