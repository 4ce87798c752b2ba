package io.poolpilot.xapi.model;

import io.poolpilot.xapi.XapiTransportException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsFromWireTest {

    /** A VM record as XAPI's get_record returns it (trimmed), plus a field this build does not know. */
    static Map<String, Object> vmFields() {
        Map<String, Object> f = new HashMap<>();
        f.put("uuid", "9c1d5a2e-0000-4000-8000-000000000001");
        f.put("name_label", "web-01");
        f.put("power_state", "Running");
        f.put("resident_on", "OpaqueRef:host-1");
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
        f.put("other_config", Map.of("poolpilot.account", "acme"));
        f.put("tags", new Object[] {"prod"});
        f.put("metrics", "OpaqueRef:vmm-1");
        f.put("guest_metrics", "OpaqueRef:NULL");
        f.put("VBDs", new Object[] {"OpaqueRef:vbd-1"});
        f.put("VIFs", new Object[] {});
        f.put("some_future_field", Map.of("x", "y"));
        return f;
    }

    @Test
    void vmDecodesInt64StringsNullRefsAndIgnoresUnknownFields() {
        Vm vm = Vm.fromWire("OpaqueRef:vm-1", vmFields());

        assertThat(vm.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(vm.memoryStaticMaxBytes()).isEqualTo(4_294_967_296L);
        assertThat(vm.residentOn()).contains("OpaqueRef:host-1");
        assertThat(vm.affinity()).isEmpty();
        assertThat(vm.guestMetrics()).isEmpty();
        assertThat(vm.vcpusMax()).isEqualTo(4);
        assertThat(vm.otherConfig()).containsEntry("poolpilot.account", "acme");
        assertThat(vm.diskAttachments()).containsExactly("OpaqueRef:vbd-1");
        assertThat(vm.isGuest()).isTrue();
    }

    @Test
    void missingNeededFieldNamesClassRefAndField() {
        Map<String, Object> f = vmFields();
        f.remove("memory_static_max");
        assertThatThrownBy(() -> Vm.fromWire("OpaqueRef:vm-7", f))
                .isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("VM").hasMessageContaining("OpaqueRef:vm-7").hasMessageContaining("memory_static_max");
    }

    @Test
    void illTypedFieldNamesTheBadValue() {
        Map<String, Object> f = vmFields();
        f.put("VCPUs_max", "four");
        assertThatThrownBy(() -> Vm.fromWire("OpaqueRef:vm-7", f))
                .isInstanceOf(XapiTransportException.class)
                .hasMessageContaining("VCPUs_max").hasMessageContaining("'four'");
    }

    @Test
    void unknownPowerStateIsKeptAsUnknown() {
        Map<String, Object> f = vmFields();
        f.put("power_state", "Hibernating");
        assertThat(Vm.fromWire("OpaqueRef:vm-1", f).powerState()).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void hostCpuCountComesFromCpuInfo() {
        Map<String, Object> f = new HashMap<>(Map.of("uuid", "h-uuid", "name_label", "xs-01", "address", "10.0.0.11",
                "enabled", true, "cpu_info", Map.of("cpu_count", "32", "vendor", "GenuineIntel"),
                "memory_overhead", "637534208", "metrics", "OpaqueRef:hm-1",
                "resident_VMs", new Object[] {"OpaqueRef:vm-1"}));
        Host host = Host.fromWire("OpaqueRef:host-1", f);
        assertThat(host.cpuCount()).isEqualTo(32);
        assertThat(host.memoryOverheadBytes()).isEqualTo(637_534_208L);
        assertThat(host.residentVms()).containsExactly("OpaqueRef:vm-1");

        f.put("cpu_info", Map.of("vendor", "GenuineIntel"));
        assertThatThrownBy(() -> Host.fromWire("OpaqueRef:host-1", f)).hasMessageContaining("cpu_count");
    }

    @Test
    void taskReadsStatusProgressDatesAndTheRefInItsResult() {
        Map<String, Object> f = Map.of("uuid", "t-uuid", "name_label", "Async.VM.pool_migrate", "status", "success",
                "progress", 1.0, "result", "<value>OpaqueRef:vm-1</value>", "error_info", new Object[] {},
                "created", "20261125T09:36:02Z", "finished", "19700101T00:00:00Z");
        Task task = Task.fromWire("OpaqueRef:task-1", f);
        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.status().isFinished()).isTrue();
        assertThat(task.resultRef()).contains("OpaqueRef:vm-1");
        assertThat(task.created()).contains(Instant.parse("2026-11-25T09:36:02Z"));
        assertThat(task.finished()).as("the epoch is XAPI's 'never'").isEmpty();
    }

    @Test
    void everyClassDecodesAMinimalRecord() {
        assertThat(XapiClass.HOST_METRICS.fromWire("OpaqueRef:hm", Map.of("uuid", "u", "memory_total", "100",
                "memory_free", "40", "live", true)).memoryFreeBytes()).isEqualTo(40);
        assertThat(XapiClass.POOL.fromWire("OpaqueRef:p", Map.of("uuid", "u", "name_label", "pool",
                "master", "OpaqueRef:h")).master()).isEqualTo("OpaqueRef:h");
        assertThat(XapiClass.SR.fromWire("OpaqueRef:sr", Map.of("uuid", "u", "name_label", "nfs", "type", "nfs",
                "shared", true)).shared()).isTrue();
        assertThat(XapiClass.PBD.fromWire("OpaqueRef:pbd", Map.of("uuid", "u", "host", "OpaqueRef:h",
                "SR", "OpaqueRef:sr", "currently_attached", true, "device_config", Map.of("password", "x")))
                .storageRepository()).isEqualTo("OpaqueRef:sr");
        assertThat(XapiClass.VBD.fromWire("OpaqueRef:vbd", Map.of("uuid", "u", "VM", "OpaqueRef:vm",
                "VDI", "OpaqueRef:NULL", "type", "CD", "mode", "RO", "currently_attached", false))
                .disk()).isEmpty();
        assertThat(XapiClass.VDI.fromWire("OpaqueRef:vdi", Map.of("uuid", "u", "name_label", "root",
                "SR", "OpaqueRef:sr", "virtual_size", "10737418240")).virtualSizeBytes()).isEqualTo(10_737_418_240L);
        assertThat(XapiClass.VIF.fromWire("OpaqueRef:vif", Map.of("uuid", "u", "VM", "OpaqueRef:vm",
                "network", "OpaqueRef:n", "device", "0", "MAC", "aa:bb", "MTU", "1500", "currently_attached", true))
                .mtu()).isEqualTo(1500);
        assertThat(XapiClass.NETWORK.fromWire("OpaqueRef:n", Map.of("uuid", "u", "name_label", "net0",
                "bridge", "xenbr0")).bridge()).isEqualTo("xenbr0");
        assertThat(XapiClass.VM_METRICS.fromWire("OpaqueRef:vmm", Map.of("uuid", "u", "memory_actual", "1024",
                "VCPUs_number", "2")).vcpusNumber()).isEqualTo(2);
        assertThat(XapiClass.VM_GUEST_METRICS.fromWire("OpaqueRef:gm", Map.of("uuid", "u",
                "os_version", Map.of("name", "Debian"))).osVersion()).containsEntry("name", "Debian");
        assertThat(XapiClass.byEventName("VM_guest_metrics")).contains(XapiClass.VM_GUEST_METRICS);
    }
}
