package io.poolpilot.xapi.fake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** XAPI-shaped record structs for fake servers: int64 as strings, refs as OpaqueRef strings. */
public final class WireRecords {

    private WireRecords() {
    }

    public static Map<String, Object> vm(String uuid, String name, String powerState, String residentOn) {
        Map<String, Object> f = new HashMap<>();
        f.put("uuid", uuid);
        f.put("name_label", name);
        f.put("power_state", powerState);
        f.put("resident_on", residentOn);
        f.put("affinity", "OpaqueRef:NULL");
        f.put("memory_static_min", "1073741824");
        f.put("memory_static_max", "4294967296");
        f.put("memory_dynamic_min", "2147483648");
        f.put("memory_dynamic_max", "4294967296");
        f.put("memory_target", "4294967296");
        f.put("VCPUs_max", "4");
        f.put("VCPUs_at_startup", "2");
        f.put("is_control_domain", false);
        f.put("is_a_template", false);
        f.put("is_a_snapshot", false);
        f.put("other_config", Map.of());
        f.put("tags", List.of());
        f.put("metrics", "OpaqueRef:NULL");
        f.put("guest_metrics", "OpaqueRef:NULL");
        f.put("VBDs", List.of());
        f.put("VIFs", List.of());
        f.put("blocked_operations", Map.of());
        return f;
    }

    public static Map<String, Object> host(String uuid, String name, String address) {
        Map<String, Object> f = new HashMap<>();
        f.put("uuid", uuid);
        f.put("name_label", name);
        f.put("address", address);
        f.put("enabled", true);
        f.put("cpu_info", Map.of("cpu_count", "16"));
        f.put("memory_overhead", "536870912");
        f.put("metrics", "OpaqueRef:NULL");
        f.put("resident_VMs", List.of());
        f.put("PBDs", List.of());
        return f;
    }
}
