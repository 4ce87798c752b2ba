package io.poolpilot.simulator.state;

import io.poolpilot.simulator.scenario.Units;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fields of a VM and its VM_metrics as XAPI fills them, and what a VM may do in each power state. */
final class VmRecords {
    private VmRecords() {
    }

    static void fillVm(XObject vm, String label, String power, String residentOn, int vcpus, long memory, String metricsRef,
                       Map<String, Object> otherConfig, boolean controlDomain, long domid) {
        vm.set("name_label", label).set("name_description", "").set("power_state", power)
                .set("resident_on", residentOn).set("affinity", PoolState.NULL_REF)
                .set("scheduled_to_be_resident_on", PoolState.NULL_REF)
                .set("is_a_template", false).set("is_default_template", false).set("is_control_domain", controlDomain)
                .set("is_a_snapshot", false).set("snapshot_of", PoolState.NULL_REF).set("snapshots", List.of())
                .set("memory_static_max", memory).set("memory_static_min", Math.min(memory, 512 * Units.MIB))
                .set("memory_dynamic_max", memory).set("memory_dynamic_min", memory).set("memory_target", memory)
                .set("memory_overhead", overhead(vcpus, memory))
                .set("VCPUs_max", (long) vcpus).set("VCPUs_at_startup", (long) vcpus).set("VCPUs_params", Map.of())
                .set("metrics", metricsRef).set("guest_metrics", PoolState.NULL_REF)
                .set("VBDs", List.of()).set("VIFs", List.of()).set("consoles", List.of())
                .set("other_config", otherConfig).set("tags", List.of()).set("blocked_operations", Map.of())
                .set("current_operations", Map.of()).set("allowed_operations", allowedOperations(power))
                .set("domid", domid).set("domarch", "x64").set("user_version", 1L)
                .set("ha_restart_priority", "").set("order", 0L).set("platform", Map.of())
                .set("HVM_boot_policy", "BIOS order").set("PV_bootloader", "").set("xenstore_data", Map.of());
    }

    static void fillVmMetrics(XObject m, long memoryActual, int vcpus, Instant now) {
        Map<String, Object> util = new HashMap<>();
        for (int i = 0; i < vcpus; i++) {
            util.put(Integer.toString(i), 0.0);
        }
        m.set("memory_actual", memoryActual).set("VCPUs_number", (long) vcpus).set("VCPUs_utilisation", util)
                .set("VCPUs_CPU", Map.of()).set("VCPUs_params", Map.of()).set("VCPUs_flags", Map.of())
                .set("state", List.of()).set("start_time", now).set("install_time", Instant.EPOCH).set("last_updated", now)
                .set("other_config", Map.of()).set("hvm", true).set("nested_virt", false).set("nomigrate", false)
                .set("current_domain_type", "hvm");
    }

    /** XAPI's operations allowed in each power state (the ones this simulator implements). */
    static List<String> allowedOperations(String power) {
        return switch (power) {
            case "Running" -> List.of("clean_shutdown", "hard_shutdown", "clean_reboot", "hard_reboot", "suspend", "pool_migrate");
            case "Halted" -> List.of("start", "start_on");
            case "Suspended" -> List.of("resume", "hard_shutdown");
            default -> List.of("hard_shutdown", "hard_reboot");
        };
    }

    /** Shadow and per-vCPU memory the hypervisor adds to a VM (about 1 MiB per vCPU plus 1/128 of its memory). */
    static long overhead(int vcpus, long memory) {
        long bytes = vcpus * Units.MIB + memory / 128;
        return (bytes + Units.MIB - 1) / Units.MIB * Units.MIB;
    }
}
