package io.poolpilot.simulator.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects every XAPI pool has besides its VMs, storage and networks: one SM (storage driver) per SR
 * type in use plus the ones a host always ships (iso, udev), the RBAC roles, and each host's PCI devices
 * with its on-board display adapter as a PGPU in a GPU group (xapi lists the system display device so).
 */
final class PlatformObjects {
    /** Storage drivers: type, name, description, driver file, as xapi reports them for XCP-ng's SM. */
    private static final Map<String, String[]> DRIVERS = Map.of(
            "nfs", new String[] {"NFS VHD", "SR plugin which stores disks as VHD files on a remote NFS filesystem", "NFSSR"},
            "lvm", new String[] {"Local LVM VHD", "SR plugin which represents disks as VHD disks on Logical Volumes within a locally-attached Volume Group", "LVMSR"},
            "lvmoiscsi", new String[] {"LVM over iSCSI", "SR plugin which represents disks as Logical Volumes within a Volume Group created on an iSCSI LUN", "LVMoISCSISR"},
            "ext", new String[] {"Local EXT3 VHD", "SR plugin which represents disks as VHD files stored on a local EXT3 filesystem, created inside an LVM Volume", "EXTSR"},
            "iso", new String[] {"ISO", "Handles CD images stored as files in iso format", "ISOSR"},
            "udev", new String[] {"Local Storage", "SR plugin which represents removable storage devices on the host", "udevSR"});
    /** xapi's built-in roles, highest first (datamodel_roles.ml). */
    private static final List<String[]> ROLES = List.of(
            new String[] {"pool-admin", "The Pool Administrator role has full access to all features and settings"},
            new String[] {"pool-operator", "The Pool Operator role manages host- and pool-wide resources"},
            new String[] {"vm-power-admin", "The VM Power Administrator role has full access to VM and template management"},
            new String[] {"vm-admin", "The VM Administrator role can manage VMs and templates"},
            new String[] {"vm-operator", "The VM Operator role can use VMs and interact with VM consoles"},
            new String[] {"read-only", "The Read-Only role can log in with basic read-only access"});

    private PlatformObjects() {
    }

    static void storageDrivers(PoolState s, Iterable<String> srTypes) {
        Set<String> types = new LinkedHashSet<>();
        srTypes.forEach(types::add);
        types.add("iso");
        types.add("udev");
        for (String type : types) {
            String[] d = DRIVERS.getOrDefault(type, new String[] {type.toUpperCase(java.util.Locale.ROOT),
                    "SR plugin for " + type + " storage", type.toUpperCase(java.util.Locale.ROOT) + "SR"});
            XObject sm = s.create("SM", type);
            sm.set("name_label", d[0]).set("name_description", d[1]).set("type", type)
                    .set("vendor", "Citrix Systems Inc").set("copyright", "(C) 2008 Citrix Systems Inc")
                    .set("version", "1.0").set("required_api_version", "1.0")
                    .set("configuration", type.equals("nfs") ? Map.of("server", "hostname or IP address",
                            "serverpath", "path on remote server") : Map.of())
                    .set("capabilities", List.of("SR_PROBE", "SR_UPDATE", "VDI_CREATE", "VDI_DELETE", "VDI_ATTACH",
                            "VDI_DETACH", "VDI_UPDATE", "VDI_CLONE", "VDI_SNAPSHOT", "VDI_RESIZE"))
                    .set("features", features())
                    .set("other_config", Map.of()).set("driver_filename", "/opt/xensource/sm/" + d[2])
                    .set("required_cluster_stack", List.of());
        }
    }

    private static Map<String, Object> features() {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String name : List.of("SR_PROBE", "SR_UPDATE", "VDI_CREATE", "VDI_DELETE", "VDI_ATTACH", "VDI_DETACH",
                "VDI_UPDATE", "VDI_CLONE", "VDI_SNAPSHOT", "VDI_RESIZE")) {
            f.put(name, 1L);
        }
        return f;
    }

    static void roles(PoolState s) {
        for (String[] r : ROLES) {
            s.create("role", r[0]).set("name_label", r[0]).set("name_description", r[1]).set("subroles", List.of())
                    .set("is_internal", false);
        }
    }

    /** A NIC and the on-board display adapter of one host; the adapter is also the host's PGPU. */
    static void pciDevices(PoolState s, XObject host, XObject gpuGroup) {
        String name = host.str("name_label");
        XObject nic = s.create("PCI", name + "/0000:01:00.0");
        nic.set("class_name", "Ethernet controller").set("vendor_name", "Intel Corporation")
                .set("device_name", "Ethernet Controller X710 for 10GbE SFP+").set("host", host.ref())
                .set("pci_id", "0000:01:00.0").set("dependencies", List.of()).set("other_config", Map.of())
                .set("subsystem_vendor_name", "Intel Corporation").set("subsystem_device_name", "Ethernet Converged Network Adapter X710")
                .set("driver_name", "i40e");
        XObject vga = s.create("PCI", name + "/0000:03:00.0");
        vga.set("class_name", "VGA compatible controller").set("vendor_name", "Matrox Electronics Systems Ltd.")
                .set("device_name", "Integrated Matrox G200eW3 Graphics Controller").set("host", host.ref())
                .set("pci_id", "0000:03:00.0").set("dependencies", List.of()).set("other_config", Map.of())
                .set("subsystem_vendor_name", "Dell").set("subsystem_device_name", "").set("driver_name", "mgag200");
        XObject pgpu = s.create("PGPU", name + "/0000:03:00.0");
        pgpu.set("PCI", vga.ref()).set("GPU_group", gpuGroup.ref()).set("host", host.ref()).set("other_config", Map.of())
                .set("supported_VGPU_types", List.of()).set("enabled_VGPU_types", List.of()).set("resident_VGPUs", List.of())
                .set("supported_VGPU_max_capacities", Map.of()).set("dom0_access", "enabled")
                .set("is_system_display_device", true).set("compatibility_metadata", Map.of());
        List<String> pgpus = new ArrayList<>(gpuGroup.refs("PGPUs"));
        pgpus.add(pgpu.ref());
        gpuGroup.set("PGPUs", pgpus);
        host.set("PCIs", List.of(nic.ref(), vga.ref())).set("PGPUs", List.of(pgpu.ref()));
    }

    static XObject gpuGroup(PoolState s) {
        XObject g = s.create("GPU_group", "matrox-g200");
        g.set("name_label", "Group of Matrox Electronics Systems Ltd. Integrated Matrox G200eW3 Graphics Controller GPUs")
                .set("name_description", "").set("PGPUs", List.of()).set("VGPUs", List.of())
                .set("GPU_types", List.of("102b/0536")).set("other_config", Map.of())
                .set("allocation_algorithm", "depth_first").set("supported_VGPU_types", List.of())
                .set("enabled_VGPU_types", List.of());
        return g;
    }
}
