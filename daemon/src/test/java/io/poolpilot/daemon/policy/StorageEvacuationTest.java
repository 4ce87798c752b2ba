package io.poolpilot.daemon.policy;

import io.poolpilot.daemon.detect.PoolFixture;
import io.poolpilot.xapi.model.PowerState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StorageEvacuationTest {

    @Test
    void aHostThatAloneLostASharedSrIsEvacuatedWhenItRunsGuests() {
        var pool = new PoolFixture().host("a", true, true).host("b", true, true).host("c", true, true)
                .storage("nfs", true, "a", true).storage("nfs", true, "b", false).storage("nfs", true, "c", true)
                .vm("web", PowerState.RUNNING, "b", Map.of()).vm("idle", PowerState.HALTED, "b", Map.of())
                .inventory();

        var need = StorageEvacuation.needed(pool).orElseThrow();

        assertThat(need.hostUuid()).isEqualTo("b-uuid");
        assertThat(need.reason()).contains("shared SR nfs").contains("host b").contains("other 2 hosts")
                .contains("1 running VM ").contains("storage-lost");
    }

    @Test
    void noEvacuationWithoutASafeDestinationOrWithNothingToMove() {
        // Lost on two hosts: the planner cannot tell which destination still reaches the SR.
        assertThat(StorageEvacuation.needed(new PoolFixture().host("a", true, true).host("b", true, true).host("c", true, true)
                .storage("nfs", true, "a", true).storage("nfs", true, "b", false).storage("nfs", true, "c", false)
                .vm("web", PowerState.RUNNING, "b", Map.of()).inventory())).isEmpty();
        // Lost on the only host that runs nothing.
        assertThat(StorageEvacuation.needed(new PoolFixture().host("a", true, true).host("b", true, true)
                .storage("nfs", true, "a", true).storage("nfs", true, "b", false)
                .vm("web", PowerState.RUNNING, "a", Map.of()).inventory())).isEmpty();
        // Local storage: its VMs cannot live-migrate away from their disks that way.
        assertThat(StorageEvacuation.needed(new PoolFixture().host("a", true, true).host("b", true, true)
                .storage("local-b", false, "b", false).vm("web", PowerState.RUNNING, "b", Map.of()).inventory())).isEmpty();
        // A down host is host-down's business, not an evacuation.
        assertThat(StorageEvacuation.needed(new PoolFixture().host("a", true, true).host("b", true, false)
                .storage("nfs", true, "a", true).storage("nfs", true, "b", false)
                .vm("web", PowerState.RUNNING, "b", Map.of()).inventory())).isEmpty();
    }
}
