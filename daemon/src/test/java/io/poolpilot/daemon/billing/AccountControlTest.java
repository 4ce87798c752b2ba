package io.poolpilot.daemon.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.billing.ControlOperation.Outcome;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Suspend and resume of billing accounts end to end against the simulator over XAPI. */
class AccountControlTest {

    private static Simulator simulator;
    private static EmbeddedDatabase postgres;
    private static DataSource ds;
    private static XapiSession session;
    private static XapiClient client;
    private static final List<AuditSink.AuditEvent> audit = new CopyOnWriteArrayList<>();
    private static AccountControl control;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/usage.yaml"),
                SimulatorOptions.defaults().withStartTime(Instant.parse("2026-11-25T10:00:00Z")).withClockRate(20)
                        .withFirstPoolOctet(72).withAdminPort(-1));
        postgres = EmbeddedDatabase.start(Files.createTempDirectory("pp-control"), 0, false);
        ds = postgres.createDatabase("control");
        StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
        PoolEndpoint pool = simulator.pool("meter");
        XapiEndpoint endpoint = XapiEndpoint.of(pool.masterUrl(), pool.username(), pool.password());
        session = XapiSession.login(endpoint, "control-test");
        client = new XapiClient(session);
        control = new AccountControl(ds, List.of(PoolAccess.of("meter", endpoint)), "billing_account", audit::add,
                simulator.clock(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private static Map<String, Vm> vms() {
        return client.vms().values().stream().filter(Vm::isGuest)
                .collect(Collectors.toMap(Vm::nameLabel, v -> v));
    }

    private static Map<String, Outcome> outcomes(ControlOperation op) {
        return op.steps().stream().collect(Collectors.toMap(ControlOperation.VmStep::vmName, ControlOperation.VmStep::outcome));
    }

    @Test
    void suspendStopsOnlyRunningVmsOfTheAccountAndResumeStartsOnlyThoseItStopped() throws Exception {
        assertThat(vms().get("parked").powerState()).isEqualTo(PowerState.HALTED);

        ControlOperation suspended = control.suspend("acme", ControlOperation.Mode.SUSPEND, "invoice 2026-10 unpaid", "billing-bot");
        assertThat(suspended.state()).isEqualTo(ControlOperation.State.SUCCEEDED);
        assertThat(outcomes(suspended)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "steady", Outcome.STOPPED, "climb", Outcome.STOPPED, "parked", Outcome.LEFT_ALONE));
        Map<String, Vm> after = vms();
        assertThat(after.get("steady").powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(after.get("climb").powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(after.get("parked").powerState()).isEqualTo(PowerState.HALTED);
        assertThat(after.get("wave").powerState()).as("another account's VM").isEqualTo(PowerState.RUNNING);
        assertThat(after.get("steady").otherConfig().get(AccountControl.MARKER_KEY))
                .startsWith("account=acme;mode=suspend;operation=" + suspended.id());
        assertThat(after.get("parked").otherConfig()).doesNotContainKey(AccountControl.MARKER_KEY);

        ControlOperation again = control.suspend("acme", ControlOperation.Mode.SUSPEND, "reminder", "billing-bot");
        assertThat(outcomes(again)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "steady", Outcome.ALREADY_DONE, "climb", Outcome.ALREADY_DONE, "parked", Outcome.LEFT_ALONE));
        assertThat(vms().get("steady").otherConfig().get(AccountControl.MARKER_KEY))
                .as("a repeat keeps the first suspension's mark").contains(suspended.id().toString());

        ControlOperation resumed = control.resume("acme", "billing-bot");
        assertThat(resumed.state()).isEqualTo(ControlOperation.State.SUCCEEDED);
        assertThat(outcomes(resumed)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "steady", Outcome.STARTED, "climb", Outcome.STARTED, "parked", Outcome.LEFT_ALONE));
        Map<String, Vm> back = vms();
        assertThat(back.get("steady").powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(back.get("climb").powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(back.get("parked").powerState()).as("halted before the suspension").isEqualTo(PowerState.HALTED);
        assertThat(back.values()).allSatisfy(v -> assertThat(v.otherConfig()).doesNotContainKey(AccountControl.MARKER_KEY));

        ControlOperation resumedAgain = control.resume("acme", "billing-bot");
        assertThat(outcomes(resumedAgain).values()).containsOnly(Outcome.LEFT_ALONE);
        assertThat(vms().get("parked").powerState()).isEqualTo(PowerState.HALTED);

        // Progress and audit are stored and visible.
        ControlOperation stored = control.operation(suspended.id()).orElseThrow();
        assertThat(stored.steps()).isEqualTo(suspended.steps());
        assertThat(stored.finishedAt()).isNotNull();
        assertThat(stored.reason()).isEqualTo("invoice 2026-10 unpaid");
        assertThat(audit).extracting(AuditSink.AuditEvent::event).contains("suspend_started", "vm_stopped",
                "suspend_succeeded", "resume_started", "vm_started", "resume_succeeded");
        assertThat(audit).filteredOn(e -> e.event().equals("vm_stopped")).hasSize(2)
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("billing-bot"));
    }

    @Test
    void shutdownModeHaltsCleanlyAndResumeStartsTheVmAgain() throws Exception {
        ControlOperation down = control.suspend("globex", ControlOperation.Mode.SHUTDOWN, "fraud check", "ops");
        assertThat(outcomes(down)).containsExactlyEntriesOf(Map.of("wave", Outcome.STOPPED));
        assertThat(vms().get("wave").powerState()).isEqualTo(PowerState.HALTED);
        assertThat(vms().get("wave").otherConfig().get(AccountControl.MARKER_KEY)).contains("mode=shutdown");
        ControlOperation up = control.resume("globex", "ops");
        assertThat(outcomes(up)).containsExactlyEntriesOf(Map.of("wave", Outcome.STARTED));
        assertThat(vms().get("wave").powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aSuspensionWithoutReasonOrActorIsRefused() {
        assertThatThrownBy(() -> control.suspend("acme", ControlOperation.Mode.SUSPEND, " ", "ops"))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> control.resume("acme", ""))
                .hasMessageContaining("actor");
    }
}
