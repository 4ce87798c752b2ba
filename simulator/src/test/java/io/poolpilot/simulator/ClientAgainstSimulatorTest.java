package io.poolpilot.simulator;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiErrorCodes;
import io.poolpilot.xapi.XapiFailure;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.AsyncVmCalls;
import io.poolpilot.xapi.event.EventWatcher;
import io.poolpilot.xapi.event.InventoryChange;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.EntityKind;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesFetcher;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PoolPilot's own XAPI client against the simulator, over real sockets: the two halves agree on the wire. */
class ClientAgainstSimulatorTest {

    private Simulator simulator;
    private PoolEndpoint alpha;
    private XapiSession session;
    private XapiClient client;

    @BeforeEach
    void start() {
        simulator = TestSims.small(TestSims.options().withFirstPoolOctet(70));
        alpha = simulator.pool("alpha");
        session = XapiSession.login(XapiEndpoint.of(alpha.masterUrl(), alpha.username(), alpha.password()), "test");
        client = new XapiClient(session);
    }

    @AfterEach
    void stop() {
        session.close();
        simulator.close();
    }

    @Test
    void everyTypedReadDecodesTheSimulatorsRecords() {
        assertThat(client.pools()).hasSize(1);
        assertThat(client.hosts()).hasSize(3);
        assertThat(client.hostMetrics()).hasSize(3);
        assertThat(client.vms().values().stream().filter(Vm::isGuest)).hasSize(6);
        assertThat(client.vms().values().stream().filter(Vm::isControlDomain)).hasSize(3);
        assertThat(client.vmMetrics()).isNotEmpty();
        assertThat(client.storageRepositories()).isNotEmpty();
        assertThat(client.storageAttachments()).isNotEmpty();
        assertThat(client.diskAttachments()).isNotEmpty();
        assertThat(client.disks()).isNotEmpty();
        assertThat(client.networkInterfaces()).isNotEmpty();
        assertThat(client.networks()).isNotEmpty();
        Host h01 = host("h-01");
        assertThat(h01.cpuCount()).isEqualTo(4);
        assertThat(h01.enabled()).isTrue();
        Vm busy = vm("busy-01");
        assertThat(busy.otherConfig()).containsEntry("billing_account", "acme");
        assertThat(busy.residentOn()).contains(h01.ref());
        assertThat(busy.memoryStaticMaxBytes()).isEqualTo(2L << 30);
    }

    @Test
    void loginAtASlaveIsRedirectedToTheMaster() {
        HostEndpoint slave = alpha.host("h-02");
        try (XapiSession viaSlave = XapiSession.login(XapiEndpoint.of(slave.url(), alpha.username(), alpha.password()), "test")) {
            assertThat(viaSlave.masterUrl()).isEqualTo(alpha.masterUrl());
            assertThat(new XapiClient(viaSlave).hosts()).hasSize(3);
        }
    }

    @Test
    void wrongPasswordIsTheXapiFailure() {
        assertThatThrownBy(() -> XapiSession.login(XapiEndpoint.of(alpha.masterUrl(), "root", "wrong"), "test"))
                .isInstanceOfSatisfying(XapiFailure.class,
                        f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.SESSION_AUTHENTICATION_FAILED));
    }

    @Test
    void asyncMigrationRunsAsATaskAndTheWatcherSeesResidentOnFlip() {
        EventWatcher watcher = new EventWatcher(session, List.of(XapiClass.VM, XapiClass.HOST, XapiClass.TASK));
        watcher.resync();
        Vm idle = vm("idle");
        Host target = host("h-03");
        String task = client.asyncPoolMigrate(idle.ref(), target.ref(), Map.of("live", "true"));
        TestSims.await("migration task finishes", Duration.ofSeconds(30),
                () -> client.task(task).status().isFinished());
        assertThat(client.task(task).status()).isEqualTo(TaskStatus.SUCCESS);
        List<InventoryChange> seen = new ArrayList<>();
        TestSims.await("resident_on flip reaches the watcher", Duration.ofSeconds(30), () -> {
            seen.addAll(watcher.poll(Duration.ofMillis(200)));
            return watcher.inventory().vmByUuid(idle.uuid()).flatMap(Vm::residentOn).orElse("").equals(target.ref());
        });
        assertThat(seen).anyMatch(c -> c instanceof InventoryChange.Modified && c.ref().equals(idle.ref()));
        client.destroyTask(task);
    }

    @Test
    void migrationIntoTooLittleMemoryFailsWithXapisCode() {
        Vm big = vm("big");
        Host small = host("h-03");
        // h-03 has 8 GiB with 2 GiB for dom0 and a 1 GiB halted VM: an 8 GiB VM does not fit.
        assertThatThrownBy(() -> session.call("VM.pool_migrate", big.ref(), small.ref(), Map.of("live", "true")))
                .isInstanceOfSatisfying(XapiFailure.class,
                        f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY));
    }

    @Test
    void powerOperationsAndOtherConfigRoundTrip() {
        Vm idle = vm("idle");
        client.vmCleanShutdown(idle.ref());
        assertThat(vm("idle").powerState()).isEqualTo(PowerState.HALTED);
        assertThatThrownBy(() -> client.vmCleanShutdown(idle.ref()))
                .isInstanceOfSatisfying(XapiFailure.class,
                        f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.VM_BAD_POWER_STATE));
        client.vmStart(idle.ref(), false, false);
        assertThat(vm("idle").powerState()).isEqualTo(PowerState.RUNNING);
        client.vmSuspend(idle.ref());
        assertThat(vm("idle").powerState()).isEqualTo(PowerState.SUSPENDED);
        client.vmResume(idle.ref(), false, false);
        assertThat(vm("idle").powerState()).isEqualTo(PowerState.RUNNING);
        client.addToOtherConfig(XapiClass.VM, idle.ref(), "poolpilot_suspended_by", "test");
        assertThat(vm("idle").otherConfig()).containsEntry("poolpilot_suspended_by", "test");
        client.removeFromOtherConfig(XapiClass.VM, idle.ref(), "poolpilot_suspended_by");
        assertThat(vm("idle").otherConfig()).doesNotContainKey("poolpilot_suspended_by");
        Host h02 = host("h-02");
        client.hostDisable(h02.ref());
        assertThat(host("h-02").enabled()).isFalse();
        client.hostEnable(h02.ref());
        assertThat(host("h-02").enabled()).isTrue();
    }

    @Test
    void asyncPowerCallsRunAsTasksAndTheWatcherSeesEachPowerState() {
        EventWatcher watcher = new EventWatcher(session, List.of(XapiClass.VM, XapiClass.HOST, XapiClass.TASK));
        watcher.resync();
        AsyncVmCalls async = new AsyncVmCalls(session);
        Vm idle = vm("idle");
        Duration poll = Duration.ofMillis(20);
        Duration timeout = Duration.ofSeconds(10);
        String[] steps = {"clean_shutdown", "start", "clean_reboot", "hard_reboot", "suspend", "resume", "hard_shutdown"};
        PowerState[] after = {PowerState.HALTED, PowerState.RUNNING, PowerState.RUNNING, PowerState.RUNNING,
                PowerState.SUSPENDED, PowerState.RUNNING, PowerState.HALTED};
        for (int i = 0; i < steps.length; i++) {
            String task = switch (steps[i]) {
                case "clean_shutdown" -> async.asyncVmCleanShutdown(idle.ref());
                case "start" -> async.asyncVmStart(idle.ref(), false, false);
                case "clean_reboot" -> async.asyncVmCleanReboot(idle.ref());
                case "hard_reboot" -> async.asyncVmHardReboot(idle.ref());
                case "suspend" -> async.asyncVmSuspend(idle.ref());
                case "resume" -> async.asyncVmResume(idle.ref(), false, false);
                default -> async.asyncVmHardShutdown(idle.ref());
            };
            assertThat(async.awaitTask(task, poll, timeout).status()).as(steps[i]).isEqualTo(TaskStatus.SUCCESS);
            PowerState expected = after[i];
            TestSims.await(steps[i] + " reaches the watcher", Duration.ofSeconds(10), () -> {
                watcher.poll(Duration.ofMillis(100));
                return watcher.inventory().vmByUuid(idle.uuid()).map(Vm::powerState).orElseThrow() == expected;
            });
        }
        // A refused call fails its task with XAPI's error, which awaitTask throws.
        String refused = async.asyncVmCleanShutdown(idle.ref());
        assertThatThrownBy(() -> async.awaitTask(refused, poll, timeout))
                .isInstanceOfSatisfying(XapiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(XapiErrorCodes.VM_BAD_POWER_STATE);
                    assertThat(f.params()).containsExactly(idle.ref(), "running", "halted");
                });
        assertThatThrownBy(() -> client.vmHardReboot(idle.ref()))
                .isInstanceOfSatisfying(XapiFailure.class, f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.VM_BAD_POWER_STATE));
    }

    @Test
    void disabledHostRefusesStartsUntilEnabledAgain() {
        Vm stopped = vm("stopped");
        for (Host h : client.hosts().values()) {
            client.hostDisable(h.ref());
        }
        assertThatThrownBy(() -> client.vmStart(stopped.ref(), false, false))
                .isInstanceOfSatisfying(XapiFailure.class, f -> assertThat(f.code()).isEqualTo(XapiErrorCodes.NO_HOSTS_AVAILABLE));
        Host h02 = host("h-02");
        client.hostEnable(h02.ref());
        client.vmStart(stopped.ref(), false, false);
        assertThat(vm("stopped").residentOn()).contains(h02.ref());
        client.vmCleanReboot(stopped.ref());
        client.vmHardReboot(stopped.ref());
        assertThat(vm("stopped").powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void rrdUpdatesParseIntoPointsForTheHostAndItsVms() {
        RrdUpdatesFetcher fetcher = RrdUpdatesFetcher.forSession(session);
        Host h01 = host("h-01");
        List<DataPoint> points = new ArrayList<>();
        long start = simulator.clock().instant().getEpochSecond() - 60;
        RrdParseResult result = fetcher.fetchHost(session, h01.address(), start, points::add);
        assertThat(result.meta().stepSeconds()).isEqualTo(5);
        assertThat(points).anyMatch(p -> p.kind() == EntityKind.HOST && p.dataSource().equals("cpu_avg"));
        assertThat(points).anyMatch(p -> p.kind() == EntityKind.VM && p.uuid().equals(vm("busy-01").uuid())
                && p.dataSource().equals("cpu0"));
        assertThat(points).noneMatch(p -> p.kind() == EntityKind.VM && p.uuid().equals(vm("big").uuid()));
    }

    @Test
    void garbledRrdRowsAreCountedNotFatal() {
        simulator.faults().garbledRrd("h-01", "garbled", 1.0);
        Host h01 = host("h-01");
        List<DataPoint> points = new ArrayList<>();
        long start = simulator.clock().instant().getEpochSecond() - 60;
        RrdParseResult result = RrdUpdatesFetcher.forSession(session).fetchHost(session, h01.address(), start, points::add);
        assertThat(result.skippedValues() + result.absentValues()).isPositive();
    }

    private Host host(String name) {
        return client.hosts().values().stream().filter(h -> h.nameLabel().equals(name)).findFirst().orElseThrow();
    }

    private Vm vm(String name) {
        return client.vms().values().stream().filter(v -> v.nameLabel().equals(name)).findFirst().orElseThrow();
    }
}
