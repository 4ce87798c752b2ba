package io.poolpilot.simulator.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One XAPI pool: its hosts (the first is the master), shared storage, networks and guest VMs. */
public record PoolSpec(String name, String password, List<HostSpec> hosts, List<StorageSpec> storage,
                       List<NetworkSpec> networks, List<VmSpec> vms) {
    public PoolSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("pool 'name' is required");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' needs a 'password' for user root");
        }
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' needs at least one host under 'hosts:'");
        }
        hosts = List.copyOf(hosts);
        storage = storage == null || storage.isEmpty()
                ? List.of(new StorageSpec(name + "-shared", "nfs", 4096.0)) : List.copyOf(storage);
        networks = networks == null || networks.isEmpty()
                ? List.of(new NetworkSpec("Pool-wide network associated with eth0", "xenbr0")) : List.copyOf(networks);
        vms = vms == null ? List.of() : List.copyOf(vms);
        Set<String> known = new HashSet<>(expandNames(hosts.stream().map(h -> new Named(h.name(), h.count())).toList()));
        Set<String> srs = new HashSet<>();
        storage.forEach(s -> srs.add(s.name()));
        Set<String> vmNames = new HashSet<>();
        for (VmSpec vm : vms) {
            for (String placed : vm.placement()) {
                if (!known.contains(placed)) {
                    throw new IllegalArgumentException("VM '" + vm.name() + "' in pool '" + name + "' is placed on unknown host '"
                            + placed + "'; known hosts: " + known.stream().sorted().toList());
                }
            }
            if (vm.storage() != null && !srs.contains(vm.storage())) {
                throw new IllegalArgumentException("VM '" + vm.name() + "' in pool '" + name + "' uses unknown storage '"
                        + vm.storage() + "'; known storage: " + srs.stream().sorted().toList());
            }
            for (String vmName : vm.names()) {
                if (!vmNames.add(vmName)) {
                    throw new IllegalArgumentException("VM name '" + vmName + "' is used twice in pool '" + name + "'");
                }
            }
        }
    }

    /** Host names after expanding {@code count}, master first. */
    public List<String> hostNames() {
        return expandNames(hosts.stream().map(h -> new Named(h.name(), h.count())).toList());
    }

    /** The host spec a generated host name came from. */
    public HostSpec hostSpecOf(String hostName) {
        for (HostSpec h : hosts) {
            if (h.names().contains(hostName)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no host '" + hostName + "' in pool '" + name + "'");
    }

    private record Named(String name, int count) {
    }

    private static List<String> expandNames(List<Named> entries) {
        List<String> out = new ArrayList<>();
        for (Named e : entries) {
            out.addAll(SpecNames.expand(e.name(), e.count()));
        }
        return out;
    }
}
