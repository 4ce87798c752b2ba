package io.poolpilot.xapi.event;

import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.poolpilot.xapi.fake.WireRecords.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryTest {

    static Vm vmRecord(String ref, String uuid, String state) {
        return Vm.fromWire(ref, vm(uuid, "name-" + uuid, state, "OpaqueRef:h1"));
    }

    @Test
    void applyingChangesMakesANewVersionAndLeavesTheOldSnapshotAlone() {
        Vm a = vmRecord("OpaqueRef:a", "ua", "Running");
        Inventory v1 = Inventory.of(1, Map.of(XapiClass.VM, Map.of("OpaqueRef:a", a)));
        Vm halted = vmRecord("OpaqueRef:a", "ua", "Halted");

        Inventory v2 = v1.apply(List.of(new InventoryChange.Modified(XapiClass.VM, "OpaqueRef:a", a, halted),
                new InventoryChange.Added(XapiClass.VM, "OpaqueRef:b", vmRecord("OpaqueRef:b", "ub", "Running"))));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.vmByUuid("ua")).contains(halted);
        assertThat(v2.vmByUuid("ub")).isPresent();
        assertThat(v1.vmByUuid("ua")).contains(a);
        assertThat(v1.vmByUuid("ub")).isEmpty();
        assertThat(v2.apply(List.of())).isSameAs(v2);
        assertThatThrownBy(() -> v2.vms().put("x", a)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void diffTurnsOneSnapshotIntoTheOther() {
        Vm a = vmRecord("OpaqueRef:a", "ua", "Running");
        Vm b = vmRecord("OpaqueRef:b", "ub", "Running");
        Vm c = vmRecord("OpaqueRef:c", "uc", "Running");
        Inventory before = Inventory.of(1, Map.of(XapiClass.VM, Map.of("OpaqueRef:a", a, "OpaqueRef:b", b)));
        Vm aHalted = vmRecord("OpaqueRef:a", "ua", "Halted");
        Inventory after = Inventory.of(2, Map.of(XapiClass.VM, Map.of("OpaqueRef:a", aHalted, "OpaqueRef:c", c)));

        List<InventoryChange> diff = Inventory.diff(before, after);

        assertThat(diff).containsExactlyInAnyOrder(
                new InventoryChange.Modified(XapiClass.VM, "OpaqueRef:a", a, aHalted),
                new InventoryChange.Added(XapiClass.VM, "OpaqueRef:c", c),
                new InventoryChange.Removed(XapiClass.VM, "OpaqueRef:b", b));
        assertThat(before.apply(diff).vms()).isEqualTo(after.vms());
    }

    @Test
    void aChangeMustCarryTheRecordOfItsOwnRefAndClass() {
        Vm a = vmRecord("OpaqueRef:a", "ua", "Running");
        assertThatThrownBy(() -> new InventoryChange.Added(XapiClass.VM, "OpaqueRef:z", a))
                .hasMessageContaining("OpaqueRef:z");
        assertThatThrownBy(() -> new InventoryChange.Added(XapiClass.HOST, "OpaqueRef:a", a))
                .hasMessageContaining("host");
    }
}
