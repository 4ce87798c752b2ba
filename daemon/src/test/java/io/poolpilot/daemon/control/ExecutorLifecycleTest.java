package io.poolpilot.daemon.control;

import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanRequest;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PlanStep;
import io.poolpilot.api.model.StepStatus;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
import io.poolpilot.daemon.plan.PlanStore;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor over real parts with migrations slow enough to interrupt: two daemons on one PostgreSQL
 * (only the lease holder executes; when it dies mid-migration the other takes the pool over within a
 * lease period and finishes the plan without repeating a step), and cancelling an executing plan.
 */
class ExecutorLifecycleTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path work;
    private Simulator simulator;
    private EmbeddedDatabase database;
    private DaemonRuntime first;
    private DaemonRuntime second;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{second, first, database, simulator}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the test outcome is already decided
            }
        }
    }

    @Test
    void theNextOwnerTakesOverAKilledOwnersPlanWithoutRepeatingFinishedSteps() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/failover.yaml"),
                SimulatorOptions.defaults().withStartTime(Instant.parse("2026-11-25T08:00:00Z")).withClockRate(10)
                        .withFirstPoolOctet(90).withAdminPort(-1).withMigrationBandwidth(512L << 20));
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        first = DaemonRuntime.start(config("a"), Map.of(), simulator.clock());
        await("the first daemon owns kappa", () -> first.control().holdsLease("kappa"));
        second = DaemonRuntime.start(config("b"), Map.of(), simulator.clock());
        await("both daemons see kappa's VMs with CPU data", () -> liveReady(first) && liveReady(second));
        assertThat(second.control().holdsLease("kappa")).isFalse();

        var plans = first.control().plans();
        Plan proposed = plans.proposeNow("kappa", new PlanRequest(PlanMode.BALANCE, null,
                new PlanBudgets(10, 64, 10), "failover test"), "tester");
        await("the plan is solved", () -> plans.store().find(proposed.id()).orElseThrow().planned());
        Plan solved = plans.store().find(proposed.id()).orElseThrow().plan();
        assertThat(solved.steps()).hasSizeGreaterThanOrEqualTo(3);
        plans.approveNow(solved.id(), OptionalLong.of(solved.version()), "tester", "go");

        // Killed with a step done and a migration in flight: the next owner must follow that task, not start another.
        await("the first daemon finished a step and is migrating the next", () -> {
            Plan p = plan(second, solved.id());
            return p.state() == PlanState.EXECUTING && p.steps().stream().anyMatch(s -> s.status() == StepStatus.DONE)
                    && p.steps().stream().anyMatch(s -> s.status() == StepStatus.RUNNING);
        });
        assertThat(second.control().holdsLease("kappa")).as("only one owner executes").isFalse();
        List<Integer> doneByFirst = plan(second, solved.id()).steps().stream()
                .filter(s -> s.status() == StepStatus.DONE).map(PlanStep::index).toList();

        long killedAt = System.nanoTime();
        first.kill();
        first = null;
        await("the second daemon takes kappa over", () -> second.control().holdsLease("kappa"));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover).as("takeover within a lease period (plus one renewal)").isLessThan(LEASE.multipliedBy(2));

        await("the plan finishes under the second daemon", () -> plan(second, solved.id()).state().terminal());
        Plan done = plan(second, solved.id());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(PlanState.SUCCEEDED);
        assertThat(done.steps()).allMatch(s -> s.status() == StepStatus.DONE);
        try (Connection c = second.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT step_index, attempts FROM plan_step WHERE plan_id = '" + solved.id() + "'")) {
            while (rs.next()) {
                assertThat(rs.getInt(2)).as("migrations started for step %d", rs.getInt(1)).isLessThanOrEqualTo(1);
            }
        }
        XapiClient client = xapi();
        try {
            for (PlanStep step : done.steps()) {
                Vm vm = client.vms().values().stream().filter(v -> v.uuid().equals(step.vmUuid())).findFirst().orElseThrow();
                assertThat(client.hosts().get(vm.residentOn().orElseThrow()).uuid()).isEqualTo(step.toHostUuid());
            }
        } finally {
            client.session().close();
        }
        assertThat(doneByFirst).isNotEmpty();
    }

    @Test
    void cancellingAnExecutingPlanLetsRunningMigrationsFinishAndSkipsTheRest() throws Exception {
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/failover.yaml"),
                SimulatorOptions.defaults().withStartTime(Instant.parse("2026-11-25T08:00:00Z")).withClockRate(10)
                        .withFirstPoolOctet(91).withAdminPort(-1).withMigrationBandwidth(512L << 20));
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        first = DaemonRuntime.start(config("a"), Map.of(), simulator.clock());
        await("kappa's VMs have CPU data", () -> liveReady(first));
        var plans = first.control().plans();
        Plan proposed = plans.proposeNow("kappa", new PlanRequest(PlanMode.BALANCE, null, new PlanBudgets(10, 64, 10), null), "tester");
        await("the plan is solved", () -> plans.store().find(proposed.id()).orElseThrow().planned());
        Plan solved = plans.store().find(proposed.id()).orElseThrow().plan();
        plans.approveNow(solved.id(), OptionalLong.of(solved.version()), "tester", null);
        await("a migration runs", () -> plan(first, solved.id()).steps().stream().anyMatch(s -> s.status() == StepStatus.RUNNING));

        Plan cancelled = plans.cancel(solved.id(), OptionalLong.empty(), "tester", "changed my mind")
                .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cancelled.state()).isEqualTo(PlanState.CANCELLED);
        await("no step is pending or running", () -> plan(first, solved.id()).steps().stream()
                .noneMatch(s -> s.status() == StepStatus.PENDING || s.status() == StepStatus.RUNNING));
        Plan done = plan(first, solved.id());
        assertThat(done.state()).isEqualTo(PlanState.CANCELLED);
        assertThat(done.stateReason()).contains("changed my mind");
        assertThat(done.steps()).anyMatch(s -> s.status() == StepStatus.DONE).anyMatch(s -> s.status() == StepStatus.SKIPPED)
                .allMatch(s -> s.status() == StepStatus.DONE || s.status() == StepStatus.SKIPPED);
    }

    private static Plan plan(DaemonRuntime daemon, String id) {
        return daemon.control().plans().store().find(id).map(PlanStore.Stored::plan).orElseThrow();
    }

    private DaemonConfig config(String name) throws Exception {
        PoolEndpoint pool = simulator.pool("kappa");
        Path secret = work.resolve("kappa.secret");
        Files.writeString(secret, pool.password());
        ControlConfig control = ControlConfig.defaults().withApiPort(0).withLease(LEASE, Duration.ofMillis(200))
                .withPlannerMoveLimit(20_000);
        return new DaemonConfig(work.resolve(name), 0, new DatabaseConfig(database.jdbcUrl(), "postgres", null),
                new CollectConfig(1, 2, 2, 5, 16, "billing_account"), new JournalSettings(null, 48), 15,
                List.of(new PoolConfig("kappa", pool.masterUrl(), pool.username(), SecretRef.parse("file:" + secret), null)),
                control);
    }

    private static boolean liveReady(DaemonRuntime daemon) {
        var inventory = daemon.collectors().get("kappa").inventory();
        return inventory != null && inventory.vms().values().stream().filter(Vm::isGuest)
                .filter(v -> daemon.liveState().vmWindow(v.uuid()).size() >= 4).count() == 6;
    }

    private XapiClient xapi() {
        PoolEndpoint endpoint = simulator.pool("kappa");
        return new XapiClient(XapiSession.login(XapiEndpoint.of(endpoint.masterUrl(), endpoint.username(), endpoint.password()), "test"));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
    }
}
