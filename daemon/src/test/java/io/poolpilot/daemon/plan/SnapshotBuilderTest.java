package io.poolpilot.daemon.plan;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.PlannerConfig;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.planner.HostSpec;
import io.poolpilot.planner.PoolSnapshot;
import io.poolpilot.planner.VmSpec;
import io.poolpilot.planner.Weights;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.HostMetrics;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SnapshotBuilderTest {

    private static final long GIB = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void vmsPoolPilotMigratedWithinTheCooldownAreInCooldownAndOlderOnesAreNot() {
        PlannerConfig planner = new PlannerConfig(0, 0, Duration.ofMinutes(30), null);
        SnapshotBuilder builder = new SnapshotBuilder(live(), planner.rules(ControlConfig.defaults()));

        PoolSnapshot snapshot = builder.build("east", inventory(), NOW,
                Map.of("vm-recent", NOW.minus(Duration.ofMinutes(10)), "vm-old", NOW.minus(Duration.ofMinutes(45))));

        assertThat(builder.cooldown()).isEqualTo(Duration.ofMinutes(30));
        assertThat(snapshot.inCooldown(vm(snapshot, "vm-recent"))).isTrue();
        assertThat(snapshot.inCooldown(vm(snapshot, "vm-old"))).isFalse();
        assertThat(snapshot.inCooldown(vm(snapshot, "vm-never"))).isFalse();
        assertThat(vm(snapshot, "vm-recent").lastMigratedAt()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void theConfiguredPolicyReachesTheSnapshotWithWavesAsWideAsTheExecutorRuns() {
        Weights weights = Weights.DEFAULT.withMinGainPerMigration(25_000);
        PlannerConfig planner = new PlannerConfig(70, 2, Duration.ofMinutes(5), weights);
        ControlConfig control = new ControlConfig(null, 0, null, null, null, 3, 1, null, 0, null);

        PoolSnapshot snapshot = new SnapshotBuilder(live(), planner.rules(control)).build("east", inventory(), NOW, Map.of());

        assertThat(snapshot.rules().cpuThresholdRatio()).isEqualTo(0.7);
        assertThat(snapshot.rules().vcpuOvercommitRatio()).isEqualTo(2.0);
        assertThat(snapshot.rules().migrationCooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(snapshot.rules().weights()).isEqualTo(weights);
        assertThat(snapshot.rules().maxMigrationsPerWave()).isEqualTo(3);
        assertThat(snapshot.rules().maxMigrationsPerHostWave()).isEqualTo(1);
        assertThat(snapshot.vms()).extracting(VmSpec::id).containsExactly("vm-never", "vm-old", "vm-recent");
    }

    @Test
    void aHostThatIsDownTakesNoVmsAndItsStrandedVmsAreNotPlanned() {
        HostMetrics upMetrics = new HostMetrics("OpaqueRef:hm1", "hm-1", 64 * GIB, 32 * GIB, true, Optional.empty());
        HostMetrics downMetrics = new HostMetrics("OpaqueRef:hm2", "hm-2", 64 * GIB, 32 * GIB, false, Optional.empty());
        Host up = new Host("OpaqueRef:h1", "host-1", "host-1", "127.0.0.1", true, 16, GIB,
                Optional.of("OpaqueRef:hm1"), List.of(), List.of(), Map.of());
        Host down = new Host("OpaqueRef:h2", "host-2", "host-2", "127.0.0.2", true, 16, GIB,
                Optional.of("OpaqueRef:hm2"), List.of(), List.of(), Map.of());
        Vm stranded = new Vm("OpaqueRef:s", "vm-stranded", "vm-stranded", PowerState.RUNNING, Optional.of("OpaqueRef:h2"),
                Optional.empty(), 2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2, 2, false, false, false, Map.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
        Inventory pool = Inventory.of(3, Map.of(
                XapiClass.HOST, Map.of(up.ref(), up, down.ref(), down),
                XapiClass.HOST_METRICS, Map.of(upMetrics.ref(), upMetrics, downMetrics.ref(), downMetrics),
                XapiClass.VM, Map.of("OpaqueRef:a", guest("OpaqueRef:a", "vm-fine"), stranded.ref(), stranded)));

        PoolSnapshot snapshot = new SnapshotBuilder(live(), PlannerConfig.defaults().rules(ControlConfig.defaults()))
                .build("east", pool, NOW, Map.of());

        assertThat(snapshot.hosts()).extracting(HostSpec::id, HostSpec::acceptsVms)
                .containsExactly(tuple("host-1", true), tuple("host-2", false));
        assertThat(snapshot.vms()).extracting(VmSpec::id).containsExactly("vm-fine");
    }

    private static VmSpec vm(PoolSnapshot snapshot, String uuid) {
        return snapshot.vms().stream().filter(v -> v.id().equals(uuid)).findFirst().orElseThrow();
    }

    private static LiveState live() {
        return new LiveState(Duration.ofMinutes(15), 5, new SimpleMeterRegistry());
    }

    private static Inventory inventory() {
        HostMetrics metrics = new HostMetrics("OpaqueRef:hm1", "hm-1", 64 * GIB, 32 * GIB, true, Optional.empty());
        Host host = new Host("OpaqueRef:h1", "host-1", "host-1", "127.0.0.1", true, 16, GIB,
                Optional.of("OpaqueRef:hm1"), List.of(), List.of(), Map.of());
        return Inventory.of(7, Map.of(
                XapiClass.HOST, Map.of(host.ref(), host),
                XapiClass.HOST_METRICS, Map.of(metrics.ref(), metrics),
                XapiClass.VM, Map.of(
                        "OpaqueRef:a", guest("OpaqueRef:a", "vm-recent"),
                        "OpaqueRef:b", guest("OpaqueRef:b", "vm-old"),
                        "OpaqueRef:c", guest("OpaqueRef:c", "vm-never"))));
    }

    private static Vm guest(String ref, String uuid) {
        return new Vm(ref, uuid, uuid, PowerState.RUNNING, Optional.of("OpaqueRef:h1"), Optional.empty(),
                2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2 * GIB, 2, 2, false, false, false, Map.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
    }
}
