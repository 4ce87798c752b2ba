package io.poolpilot.simulator.state;

import io.poolpilot.simulator.SimulatedClock;
import io.poolpilot.simulator.scenario.HostSpec;
import io.poolpilot.simulator.scenario.NetworkSpec;
import io.poolpilot.simulator.scenario.PoolSpec;
import io.poolpilot.simulator.scenario.StorageSpec;
import io.poolpilot.simulator.scenario.Units;
import io.poolpilot.simulator.scenario.VmSpec;
import io.poolpilot.simulator.workload.Noise;
import io.poolpilot.simulator.workload.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a pool of the scenario into XAPI objects with the fields and cross-references a real pool has. */
public final class WorldBuilder {
    private static final int DOM0_VCPUS = 4;

    private WorldBuilder() {
    }

    /**
     * Builds one pool.
     *
     * @param addresses host name to IP address (127.0.P.H)
     */
    public static PoolState build(PoolSpec spec, long scenarioSeed, Map<String, String> addresses, SimulatedClock clock,
                                  int eventLogCapacity) {
        long seed = Noise.mix(scenarioSeed ^ spec.name().hashCode());
        PoolState s = new PoolState(spec.name(), spec.password(), seed, clock, eventLogCapacity);
        synchronized (s) {
            Instant now = clock.instant();
            XObject pool = s.create("pool", spec.name());
            Map<String, XObject> networks = new LinkedHashMap<>();
            for (NetworkSpec n : spec.networks()) {
                XObject net = s.create("network", n.name());
                net.set("name_label", n.name()).set("name_description", "").set("bridge", n.bridge())
                        .set("MTU", 1500L).set("VIFs", List.of()).set("PIFs", List.of()).set("other_config", Map.of())
                        .set("tags", List.of()).set("current_operations", Map.of()).set("allowed_operations", List.of());
                networks.put(n.name(), net);
            }
            Map<String, XObject> srs = new LinkedHashMap<>();
            for (StorageSpec st : spec.storage()) {
                XObject sr = s.create("SR", st.name());
                sr.set("name_label", st.name()).set("name_description", "shared " + st.type() + " storage")
                        .set("type", st.type()).set("content_type", "").set("shared", true)
                        .set("physical_size", (long) (st.sizeGiB() * Units.GIB)).set("physical_utilisation", 0L)
                        .set("virtual_allocation", 0L).set("PBDs", List.of()).set("VDIs", List.of())
                        .set("other_config", Map.of()).set("sm_config", Map.of()).set("tags", List.of())
                        .set("current_operations", Map.of()).set("allowed_operations", List.of("scan", "vdi_create"));
                srs.put(st.name(), sr);
            }
            PlatformObjects.storageDrivers(s, spec.storage().stream().map(StorageSpec::type).toList());
            PlatformObjects.roles(s);
            XObject gpuGroup = PlatformObjects.gpuGroup(s);
            // Hosts, with their metrics, CPUs, PIFs, PBDs, PCI devices and control domain.
            Map<String, XObject> hostsByName = new LinkedHashMap<>();
            int hostIndex = 0;
            for (String hostName : spec.hostNames()) {
                HostSpec hs = spec.hostSpecOf(hostName);
                String address = addresses.get(hostName);
                XObject host = s.create("host", hostName);
                XObject hm = s.create("host_metrics", hostName);
                hm.set("memory_total", hs.memoryBytes()).set("memory_free", hs.memoryBytes() - hs.dom0MemoryBytes())
                        .set("live", true).set("last_updated", now).set("other_config", Map.of());
                List<String> cpus = new ArrayList<>();
                for (int c = 0; c < hs.cores(); c++) {
                    XObject cpu = s.create("host_cpu", hostName + "/" + c);
                    cpu.set("host", host.ref()).set("number", (long) c).set("vendor", "GenuineIntel").set("speed", 2600L)
                            .set("modelname", "Simulated Xeon").set("family", 6L).set("model", 85L).set("stepping", "4")
                            .set("flags", "fpu vme de pse").set("features", "").set("utilisation", 0.0)
                            .set("other_config", Map.of());
                    cpus.add(cpu.ref());
                }
                List<String> pifs = new ArrayList<>();
                int eth = 0;
                for (XObject net : networks.values()) {
                    XObject pif = s.create("PIF", hostName + "/" + net.str("name_label"));
                    pif.set("device", "eth" + eth).set("network", net.ref()).set("host", host.ref())
                            .set("MAC", mac(seed, hostName + "/eth" + eth)).set("MTU", 1500L).set("VLAN", -1L)
                            .set("physical", true).set("currently_attached", true)
                            .set("ip_configuration_mode", eth == 0 ? "Static" : "None")
                            .set("IP", eth == 0 ? address : "").set("netmask", eth == 0 ? "255.0.0.0" : "")
                            .set("gateway", "").set("DNS", "").set("management", eth == 0).set("metrics", PoolState.NULL_REF)
                            .set("other_config", Map.of());
                    pifs.add(pif.ref());
                    net.set("PIFs", append(net.refs("PIFs"), pif.ref()));
                    eth++;
                }
                List<String> pbds = new ArrayList<>();
                for (XObject sr : srs.values()) {
                    XObject pbd = s.create("PBD", hostName + "/" + sr.str("name_label"));
                    pbd.set("host", host.ref()).set("SR", sr.ref()).set("device_config", Map.of("server", "storage.sim", "serverpath", "/export/" + sr.str("name_label")))
                            .set("currently_attached", true).set("other_config", Map.of());
                    pbds.add(pbd.ref());
                    sr.set("PBDs", append(sr.refs("PBDs"), pbd.ref()));
                }
                XObject dom0 = s.create("VM", "dom0/" + hostName);
                XObject dom0m = s.create("VM_metrics", "dom0/" + hostName);
                long dom0Mem = hs.dom0MemoryBytes();
                VmRecords.fillVm(dom0, "Control domain on host: " + hostName, "Running", host.ref(), DOM0_VCPUS, dom0Mem, dom0m.ref(),
                        Map.of(), true, 0L);
                VmRecords.fillVmMetrics(dom0m, dom0Mem, DOM0_VCPUS, now);
                host.set("name_label", hostName).set("name_description", "Simulated host " + hostName)
                        .set("hostname", hostName).set("address", address).set("enabled", true)
                        .set("metrics", hm.ref()).set("host_CPUs", cpus).set("PIFs", pifs).set("PBDs", pbds)
                        .set("resident_VMs", List.of(dom0.ref())).set("control_domain", dom0.ref())
                        .set("memory_overhead", 0L)
                        .set("cpu_info", Map.of("cpu_count", Integer.toString(hs.cores()), "socket_count", "2",
                                "vendor", "GenuineIntel", "speed", "2600.000", "modelname", "Simulated Xeon"))
                        .set("software_version", Map.of("product_brand", "XCP-ng", "product_version", "8.3.0",
                                "xapi", "24.19", "xen", "4.17.4", "platform_name", "XCP", "hostname", hostName))
                        .set("API_version_major", 2L).set("API_version_minor", 21L).set("API_version_vendor", "XenSource")
                        .set("other_config", Map.of()).set("tags", List.of()).set("current_operations", Map.of())
                        .set("allowed_operations", List.of("provision", "evacuate", "reboot", "shutdown"))
                        .set("suspend_image_sr", PoolState.NULL_REF).set("crash_dump_sr", PoolState.NULL_REF)
                        .set("edition", "xcp-ng").set("license_params", Map.of()).set("capabilities", List.of());
                PlatformObjects.pciDevices(s, host, gpuGroup);
                s.addHost(new HostRuntime(host.ref(), hostName, address, hs.cores(), hs.memoryBytes(), hs.dom0MemoryBytes()));
                s.addVm(new VmRuntime(dom0.ref(), dom0.uuid(), dom0.str("name_label"), new Workload.Noisy(0.05, 0.03),
                        Noise.mix(seed + hostIndex), DOM0_VCPUS, dom0Mem, 0.5, 0, 0, null, true));
                hostsByName.put(hostName, host);
                if (hostIndex == 0) {
                    pool.set("master", host.ref());
                }
                hostIndex++;
            }
            // Guest VMs.
            List<String> hostNames = spec.hostNames();
            int spread = 0;
            long domid = 1;
            for (VmSpec vs : spec.vms()) {
                List<String> placement = vs.placement();
                XObject sr = vs.storage() == null ? srs.values().iterator().next() : srs.get(vs.storage());
                int i = 0;
                for (String vmName : vs.names()) {
                    String hostName = placement.isEmpty() ? hostNames.get(spread++ % hostNames.size())
                            : placement.get(i % placement.size());
                    i++;
                    XObject host = hostsByName.get(hostName);
                    XObject vm = s.create("VM", vmName);
                    XObject metrics = s.create("VM_metrics", vmName);
                    boolean running = vs.power().equals("Running") || vs.power().equals("Paused");
                    Map<String, Object> oc = new LinkedHashMap<>(vs.otherConfig());
                    VmRecords.fillVm(vm, vmName, vs.power(), running ? host.ref() : PoolState.NULL_REF, vs.vcpus(), vs.memoryBytes(),
                            metrics.ref(), oc, false, running ? domid++ : -1L);
                    vm.set("affinity", host.ref());
                    VmRecords.fillVmMetrics(metrics, running ? vs.memoryBytes() : 0L, vs.vcpus(), now);
                    // One disk on the SR and one NIC on the first network.
                    XObject vdi = s.create("VDI", vmName + "/disk0");
                    vdi.set("name_label", vmName + " disk 0").set("name_description", "").set("SR", sr.ref())
                            .set("virtual_size", vs.diskBytes()).set("physical_utilisation", vs.diskBytes() / 2)
                            .set("type", "user").set("sharable", false).set("read_only", false).set("managed", true)
                            .set("other_config", Map.of()).set("sm_config", Map.of()).set("tags", List.of())
                            .set("current_operations", Map.of()).set("allowed_operations", List.of())
                            .set("is_a_snapshot", false).set("location", vdi.uuid());
                    XObject vbd = s.create("VBD", vmName + "/xvda");
                    vbd.set("VM", vm.ref()).set("VDI", vdi.ref()).set("device", "xvda").set("userdevice", "0")
                            .set("mode", "RW").set("type", "Disk").set("bootable", true).set("empty", false)
                            .set("currently_attached", running).set("unpluggable", false).set("other_config", Map.of())
                            .set("qos_algorithm_type", "").set("qos_algorithm_params", Map.of())
                            .set("metrics", PoolState.NULL_REF).set("current_operations", Map.of())
                            .set("allowed_operations", List.of());
                    vdi.set("VBDs", List.of(vbd.ref()));
                    sr.set("VDIs", append(sr.refs("VDIs"), vdi.ref()));
                    sr.set("virtual_allocation", sr.num("virtual_allocation") + vs.diskBytes());
                    sr.set("physical_utilisation", sr.num("physical_utilisation") + vs.diskBytes() / 2);
                    XObject net = networks.values().iterator().next();
                    XObject vif = s.create("VIF", vmName + "/0");
                    vif.set("device", "0").set("network", net.ref()).set("VM", vm.ref()).set("MAC", mac(seed, vmName))
                            .set("MTU", 1500L).set("currently_attached", running).set("other_config", Map.of())
                            .set("qos_algorithm_type", "").set("qos_algorithm_params", Map.of())
                            .set("metrics", PoolState.NULL_REF).set("locking_mode", "network_default")
                            .set("current_operations", Map.of()).set("allowed_operations", List.of());
                    net.set("VIFs", append(net.refs("VIFs"), vif.ref()));
                    vm.set("VBDs", List.of(vbd.ref())).set("VIFs", List.of(vif.ref()));
                    if (running) {
                        GuestMetrics.attach(s, vm);
                    }
                    s.addVm(new VmRuntime(vm.ref(), vm.uuid(), vmName, vs.workload(), Noise.mix(seed ^ vmName.hashCode()),
                            vs.vcpus(), vs.memoryBytes(), vs.memoryUsedFraction(), vs.netMBps() * 1e6,
                            vs.diskMBps() * 1e6, sr.ref(), false));
                }
            }
            pool.set("name_label", spec.name()).set("name_description", "Simulated pool " + spec.name())
                    .set("default_SR", srs.values().iterator().next().ref())
                    .set("suspend_image_SR", srs.values().iterator().next().ref())
                    .set("crash_dump_SR", PoolState.NULL_REF).set("ha_enabled", false).set("ha_configuration", Map.of())
                    .set("other_config", Map.of()).set("gui_config", Map.of()).set("tags", List.of())
                    .set("wlb_enabled", false).set("current_operations", Map.of())
                    .set("allowed_operations", List.of()).set("restrictions", Map.of());
            s.setMasterQuietly(pool.str("master"));
            s.reindexResidents();
            s.consoles().syncAllQuietly();
            checkMemoryFits(spec, s);
            for (XObject h : hostsByName.values()) {
                h.set("resident_VMs", s.residents(h.ref()).stream().map(XObject::ref).toList());
                s.find(h.str("metrics")).set("memory_free", s.freeMemory(h.ref()));
            }
        }
        return s;
    }

    /** A scenario must not place more running VMs on a host than its memory holds (XAPI would refuse them). */
    private static void checkMemoryFits(PoolSpec spec, PoolState s) {
        for (HostRuntime h : s.hosts()) {
            long used = h.dom0MemoryBytes;
            int guests = 0;
            for (XObject vm : s.residents(h.ref())) {
                if (!vm.bool("is_control_domain")) {
                    used += PoolState.footprint(vm);
                    guests++;
                }
            }
            if (used > h.memoryBytes) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "pool '%s': the %d running VMs placed on host '%s' need %.1f GiB with dom0 and overhead, "
                                + "but the host has %.1f GiB; move some (hosts:) or give it more memoryGiB",
                        spec.name(), guests, h.name, used / (double) Units.GIB, h.memoryBytes / (double) Units.GIB));
            }
        }
    }

    static List<String> append(List<String> list, String ref) {
        List<String> out = new ArrayList<>(list);
        out.add(ref);
        return out;
    }

    private static String mac(long seed, String key) {
        long h = Noise.mix(seed ^ key.hashCode());
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", 0xaa, 0x16 & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff,
                (h >>> 24) & 0xff, (h >>> 32) & 0xff);
    }
}
