package io.poolpilot.daemon.execute;

import io.poolpilot.daemon.plan.InventoryNames;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** XAPI errors read as sentences that name hosts, VMs and storage by name with the uuid beside it. */
class FailureTextTest {

    private static final long GIB = 1L << 30;
    private static final String SOURCE_UUID = "277c9dbc-0000-4000-8000-000000000003";
    private static final String DEST_UUID = "9ef5aaaa-0000-4000-8000-000000000004";
    private static final String VM_UUID = "741eaaaa-0000-4000-8000-000000000001";
    private static final String SR_UUID = "5a5a5a5a-0000-4000-8000-000000000009";

    private final InventoryNames names = InventoryNames.of(Inventory.of(3, Map.of(
            XapiClass.HOST, Map.of("OpaqueRef:f684", host("OpaqueRef:f684", SOURCE_UUID, "east-03"),
                    "OpaqueRef:9ef5", host("OpaqueRef:9ef5", DEST_UUID, "east-04")),
            XapiClass.VM, Map.of("OpaqueRef:741e", new Vm("OpaqueRef:741e", VM_UUID, "acme-db-2", PowerState.RUNNING,
                    Optional.of("OpaqueRef:f684"), Optional.empty(), 2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2, 2,
                    false, false, false, Map.of(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of())),
            XapiClass.SR, Map.of("OpaqueRef:sr1", new StorageRepository("OpaqueRef:sr1", SR_UUID, "shared-nfs", "nfs",
                    true, 100 * GIB, 10 * GIB, 10 * GIB, List.of(), List.of())))));

    private static Host host(String ref, String uuid, String name) {
        return new Host(ref, uuid, name, "127.0.0.1", true, 16, GIB, Optional.empty(), List.of(), List.of(), Map.of());
    }

    @Test
    void aMigrationThatFailedBecauseTheDestinationWentOfflineNamesTheVmAndBothHosts() {
        String text = FailureText.sentence("VM_MIGRATE_FAILED", List.of("OpaqueRef:741e", "OpaqueRef:f684",
                "OpaqueRef:9ef5", "Host OpaqueRef:9ef5 went offline during the migration"), names);
        assertThat(text).isEqualTo("XAPI could not migrate vm acme-db-2 (" + VM_UUID + ") from host east-03 ("
                + SOURCE_UUID + ") to host east-04 (" + DEST_UUID + "): Host east-04 (" + DEST_UUID
                + ") went offline during the migration");
    }

    @Test
    void memoryAndStorageRefusalsReadAsSentences() {
        assertThat(FailureText.sentence("HOST_NOT_ENOUGH_FREE_MEMORY", List.of("8589934592", "4294967296"), names))
                .isEqualTo("the destination host has not enough free memory: the vm needs 8.0 GiB, the host has 4.0 GiB");
        assertThat(FailureText.sentence("VM_REQUIRES_SR", List.of("OpaqueRef:741e", "OpaqueRef:sr1"), names))
                .isEqualTo("vm acme-db-2 (" + VM_UUID + ") needs storage repository shared-nfs (" + SR_UUID
                        + "), which the destination host cannot reach");
        assertThat(FailureText.sentence("HOST_OFFLINE", List.of("OpaqueRef:9ef5"), names))
                .isEqualTo("host east-04 (" + DEST_UUID + ") is offline");
    }

    @Test
    void anUnknownCodeStillReadsAsASentenceWithItsRefsNamedAndUnknownRefsKept() {
        assertThat(FailureText.sentence("VM_HAS_PCI_ATTACHED", List.of("OpaqueRef:741e", "OpaqueRef:gone"), names))
                .isEqualTo("XAPI refused the migration with VM_HAS_PCI_ATTACHED (acme-db-2 (" + VM_UUID
                        + "), OpaqueRef:gone)");
    }
}
