package io.poolpilot.simulator.scenario;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A whole simulated estate: pools of hosts and VMs, the seed that makes it deterministic, and scripted faults. */
public record Scenario(String name, long seed, List<PoolSpec> pools, List<ScheduledFault> faults) {
    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario name is required (top-level 'name: ...')");
        }
        if (pools == null || pools.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + name + "' needs at least one pool under 'pools:'");
        }
        pools = List.copyOf(pools);
        faults = faults == null ? List.of() : List.copyOf(faults);
        Set<String> hostNames = new HashSet<>();
        Set<String> poolNames = new HashSet<>();
        Set<String> srNames = new HashSet<>();
        for (PoolSpec pool : pools) {
            if (!poolNames.add(pool.name())) {
                throw new IllegalArgumentException("pool name '" + pool.name() + "' is used twice: pool names must be unique");
            }
            for (String host : pool.hostNames()) {
                if (!hostNames.add(host)) {
                    throw new IllegalArgumentException("host name '" + host + "' is used twice: host names must be unique across pools");
                }
            }
            for (StorageSpec sr : pool.storage()) {
                if (!srNames.add(sr.name())) {
                    throw new IllegalArgumentException("storage name '" + sr.name() + "' is used twice: SR names must be unique across pools");
                }
            }
        }
        for (ScheduledFault fault : faults) {
            fault.fault().validateAgainst(hostNames, poolNames, srNames);
        }
    }

    /** Number of hosts over all pools. */
    public int hostCount() {
        return pools.stream().mapToInt(p -> p.hostNames().size()).sum();
    }

    /** Number of guest VMs (control domains excluded) over all pools. */
    public int vmCount() {
        return pools.stream().mapToInt(p -> p.vms().stream().mapToInt(VmSpec::count).sum()).sum();
    }
}
