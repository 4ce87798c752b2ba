package io.poolpilot.simulator;

import io.poolpilot.simulator.http.HostServer;
import io.poolpilot.simulator.metrics.HostSnapshot;
import io.poolpilot.simulator.rpc.Dispatcher;
import io.poolpilot.simulator.state.HostOperations;
import io.poolpilot.simulator.state.HostRuntime;
import io.poolpilot.simulator.state.PoolState;
import io.poolpilot.simulator.state.VmOperations;
import io.poolpilot.simulator.state.VmRuntime;
import io.poolpilot.simulator.state.XObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One running pool: its database, operations, method table and the HTTP server of each host. */
final class PoolRuntime {
    final PoolState state;
    final VmOperations vms;
    final HostOperations hosts;
    final Dispatcher api;
    final Map<String, HostServer> servers = new LinkedHashMap<>();

    PoolRuntime(PoolState state, VmOperations vms, HostOperations hosts, Dispatcher api) {
        this.state = state;
        this.vms = vms;
        this.hosts = hosts;
        this.api = api;
    }

    /** The copy of a host's residents that rrd_updates renders from. */
    HostSnapshot snapshot(String hostRef) {
        synchronized (state) {
            HostRuntime h = state.host(hostRef);
            XObject host = state.find(hostRef);
            List<HostSnapshot.Resident> residents = new ArrayList<>();
            for (XObject vm : state.residents(hostRef)) {
                VmRuntime rt = state.vm(vm.ref());
                if (rt != null && vm.str("power_state").equals("Running")) {
                    residents.add(new HostSnapshot.Resident(rt, hosts.stalled(rt, hostRef)));
                }
            }
            return new HostSnapshot(host.uuid(), h.name(), h.cores(), hostMemory(host), state.freeMemory(hostRef),
                    residents, host.uuid().hashCode());
        }
    }

    private long hostMemory(XObject host) {
        return state.find(host.str("metrics")).num("memory_total");
    }
}
