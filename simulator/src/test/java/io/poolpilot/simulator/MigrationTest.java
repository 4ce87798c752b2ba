package io.poolpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.simulator.scenario.Units;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live migration: XAPI's checks and errors, timing with progress, memory reservation, the flip of resident_on. */
class MigrationTest {
    private Simulator sim;
    private RawXapi xapi;
    private String session;

    /** Real time, 512 MiB/s: a 2 GiB VM takes about four seconds unless the test speeds the clock up. */
    private void start(double clockRate) {
        sim = TestSims.small(TestSims.options().withClockRate(clockRate).withMigrationBandwidth(512 * Units.MIB));
        xapi = new RawXapi(sim.pool("alpha").masterUrl());
        session = xapi.login(TestSims.ALPHA_PASSWORD);
    }

    @BeforeEach
    void defaults() {
        start(4);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String ref(String cls, String name) {
        return xapi.refByName(session, cls, name);
    }

    private long freeMemory(String host) {
        String metrics = (String) xapi.call("host.get_metrics", session, ref("host", host));
        return Long.parseLong((String) xapi.call("host_metrics.get_memory_free", session, metrics));
    }

    @Test
    void asyncPoolMigrateShowsProgressReservesMemoryAndMovesTheVm() {
        String vm = ref("VM", "busy-01");
        String h1 = ref("host", "h-01");
        String h2 = ref("host", "h-02");
        long freeBefore = freeMemory("h-02");
        String token = (String) ((Map<?, ?>) xapi.call("event.from", session, new Object[] {"vm"}, "", 1.0)).get("token");
        String task = (String) xapi.call("Async.VM.pool_migrate", session, vm, h2, new HashMap<String, String>());
        assertThat(task).startsWith("OpaqueRef:");
        assertThat(xapi.call("task.get_status", session, task)).isEqualTo("pending");
        // While the memory is copied the destination holds it and the VM still runs on the source.
        assertThat(freeMemory("h-02")).isLessThan(freeBefore - 2 * Units.GIB + 1);
        assertThat(xapi.call("VM.get_resident_on", session, vm)).isEqualTo(h1);
        assertThat(((Map<?, ?>) xapi.call("VM.get_current_operations", session, vm)).values().contains("pool_migrate")).isTrue();
        TestSims.await("progress between 0 and 1", Duration.ofSeconds(5), () -> {
            double p = (Double) xapi.call("task.get_progress", session, task);
            return p > 0 && p < 1;
        });
        TestSims.await("task success", Duration.ofSeconds(10),
                () -> "success".equals(xapi.call("task.get_status", session, task)));
        assertThat(xapi.call("task.get_progress", session, task)).isEqualTo(1.0);
        assertThat(xapi.call("task.get_result", session, task)).isEqualTo("");
        assertThat(xapi.call("VM.get_resident_on", session, vm)).isEqualTo(h2);
        assertThat(RawXapi.toStrings(xapi.call("host.get_resident_VMs", session, h2))).contains(vm);
        assertThat(RawXapi.toStrings(xapi.call("host.get_resident_VMs", session, h1))).doesNotContain(vm);
        assertThat(freeMemory("h-02")).isLessThan(freeBefore).isGreaterThan(freeBefore - 3 * Units.GIB);
        // The flip shows up as a VM mod event carrying the new resident_on.
        Object[] events = (Object[]) ((Map<?, ?>) xapi.call("event.from", session, new Object[] {"vm"}, token, 1.0)).get("events");
        assertThat(events).anySatisfy(e -> {
            Map<?, ?> ev = (Map<?, ?>) e;
            assertThat(ev.get("ref")).isEqualTo(vm);
            assertThat(((Map<?, ?>) ev.get("snapshot")).get("resident_on")).isEqualTo(h2);
        });
        xapi.call("task.destroy", session, task);
        assertThat(xapi.error("task.get_status", session, task)).first().isEqualTo("HANDLE_INVALID");
    }

    @Test
    void migrationTimeIsProportionalToMemoryOverBandwidth() {
        sim.close();
        start(20);
        String small = ref("VM", "idle");   // 1 GiB: 2 s simulated, 0.1 s real
        String big = ref("VM", "big");       // 8 GiB: 16 s simulated, 0.8 s real
        String h1 = ref("host", "h-01");
        long t0 = System.nanoTime();
        xapi.call("VM.pool_migrate", session, small, ref("host", "h-03"), Map.of());
        long smallNanos = System.nanoTime() - t0;
        t0 = System.nanoTime();
        xapi.call("VM.pool_migrate", session, big, h1, Map.of());
        long bigNanos = System.nanoTime() - t0;
        assertThat(Duration.ofNanos(bigNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
        assertThat(bigNanos).isGreaterThan(2 * smallNanos);
        assertThat(xapi.call("VM.get_resident_on", session, big)).isEqualTo(h1);
    }

    @Test
    void destinationWithoutEnoughMemoryFailsWithHostNotEnoughFreeMemory() {
        String big = ref("VM", "big");
        List<String> error = xapi.error("VM.pool_migrate", session, big, ref("host", "h-03"), Map.of());
        assertThat(error).hasSize(3).first().isEqualTo("HOST_NOT_ENOUGH_FREE_MEMORY");
        long needed = Long.parseLong(error.get(1));
        long available = Long.parseLong(error.get(2));
        assertThat(needed).isGreaterThan(8 * Units.GIB); // memory plus overhead
        assertThat(available).isEqualTo(freeMemory("h-03"));
    }

    @Test
    void disabledDestinationFailsWithHostDisabled() {
        String h3 = ref("host", "h-03");
        xapi.call("host.disable", session, h3);
        assertThat(xapi.error("VM.pool_migrate", session, ref("VM", "idle"), h3, Map.of())).containsExactly("HOST_DISABLED", h3);
    }

    @Test
    void haltedVmFailsWithBadPowerState() {
        String vm = ref("VM", "stopped");
        assertThat(xapi.error("VM.pool_migrate", session, vm, ref("host", "h-02"), Map.of()))
                .containsExactly("VM_BAD_POWER_STATE", vm, "running", "halted");
    }

    @Test
    void asyncValidationErrorsFailTheTask() {
        String vm = ref("VM", "stopped");
        String task = (String) xapi.call("Async.VM.pool_migrate", session, vm, ref("host", "h-02"), Map.of());
        assertThat(xapi.call("task.get_status", session, task)).isEqualTo("failure");
        assertThat(RawXapi.toStrings(xapi.call("task.get_error_info", session, task)))
                .containsExactly("VM_BAD_POWER_STATE", vm, "running", "halted");
    }

    @Test
    void secondMigrationOfTheSameVmFailsWhileTheFirstRuns() {
        String vm = ref("VM", "busy-02");
        xapi.call("Async.VM.pool_migrate", session, vm, ref("host", "h-02"), Map.of());
        assertThat(xapi.error("VM.pool_migrate", session, vm, ref("host", "h-02"), Map.of()))
                .containsExactly("OTHER_OPERATION_IN_PROGRESS", "VM", vm);
    }

    @Test
    void cancelledMigrationLeavesTheVmAndReleasesTheReservation() {
        String vm = ref("VM", "busy-03");
        String h1 = ref("host", "h-01");
        long freeBefore = freeMemory("h-02");
        String task = (String) xapi.call("Async.VM.pool_migrate", session, vm, ref("host", "h-02"), Map.of());
        xapi.call("task.cancel", session, task);
        TestSims.await("task cancelled", Duration.ofSeconds(5),
                () -> "cancelled".equals(xapi.call("task.get_status", session, task)));
        assertThat(RawXapi.toStrings(xapi.call("task.get_error_info", session, task))).containsExactly("TASK_CANCELLED", task);
        assertThat(xapi.call("VM.get_resident_on", session, vm)).isEqualTo(h1);
        assertThat(freeMemory("h-02")).isEqualTo(freeBefore);
    }

    @Test
    void injectedFailureRateFailsMigrationsWithVmMigrateFailed() {
        sim.faults().migrationFailureRate(1.0);
        String vm = ref("VM", "idle");
        String h2 = ref("host", "h-02");
        String h3 = ref("host", "h-03");
        List<String> error = xapi.error("VM.pool_migrate", session, vm, h3, Map.of());
        assertThat(error).hasSize(5).startsWith("VM_MIGRATE_FAILED", vm, h2, h3);
        assertThat(xapi.call("VM.get_resident_on", session, vm)).isEqualTo(h2);
    }
}
