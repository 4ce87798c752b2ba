package io.poolpilot.daemon.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelValidationTest {

    private static VmSample vm(String vmUuid, long t, double cpu, double rx) {
        return new VmSample("p", "h", vmUuid, t, 5, 2, cpu, 1, 1, 1, 1, 1, rx, 1);
    }

    @Test
    void absentMetricsAreNaNAndAccepted() {
        assertThat(vm("v", 1, Double.NaN, Double.NaN).cpuUsedCores()).isNaN();
    }

    @Test
    void samplesWithBadValuesAreRejectedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> vm("v", 1, -0.5, 1)).hasMessageContaining("cpuUsedCores").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> vm("v", 1, 1, Double.POSITIVE_INFINITY)).hasMessageContaining("netRxBytesPerSecond")
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> vm(" ", 1, 1, 1)).hasMessageContaining("vmUuid");
        assertThatThrownBy(() -> vm("v", 0, 1, 1)).hasMessageContaining("timeSeconds must be > 0");
        assertThatThrownBy(() -> new HostSample("p", "h", 10, 0, 4, 0.1, 1, 1, 1, 1, 1)).hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> new HostSample("p", "h", 10, 5, 4, 0.1, 1, -1, 1, 1, 1)).hasMessageContaining("memoryFreeBytes");
    }

    @Test
    void inventoryChangesNormaliseOptionalFields() {
        InventoryChange.VmSeen halted = new InventoryChange.VmSeen("p", "v", null, null, PowerState.HALTED, 1, 1, " ", null, 5);
        assertThat(halted.hostUuid()).isNull();
        assertThat(halted.billingAccount()).isNull();
        assertThat(halted.labels()).isEmpty();
        assertThat(halted.name()).isEmpty();
        assertThatThrownBy(() -> new InventoryChange.VmSeen("p", "v", "n", "", PowerState.RUNNING, 1, 1, null, Map.of(), 5))
                .hasMessageContaining("hostUuid");
        assertThatThrownBy(() -> new InventoryChange.HostSeen("p", "h", "n", "a", -1, 1, true, 5)).hasMessageContaining("cpuCount");
    }
}
