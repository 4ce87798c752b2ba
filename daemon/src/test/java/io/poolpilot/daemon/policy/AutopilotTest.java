package io.poolpilot.daemon.policy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.model.AdvisoryTrigger;
import io.poolpilot.api.model.Plan;
import io.poolpilot.api.model.PlanBudgets;
import io.poolpilot.api.model.PlanMode;
import io.poolpilot.api.model.PlanState;
import io.poolpilot.api.model.PolicyLimits;
import io.poolpilot.api.model.PolicyMode;
import io.poolpilot.api.model.PolicyUpdate;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.control.JdbcAuditLog;
import io.poolpilot.daemon.detect.PoolFixture;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.plan.PlanService;
import io.poolpilot.daemon.plan.PlanStore;
import io.poolpilot.daemon.plan.SnapshotBuilder;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.planner.Rules;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.PowerState;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The autopilot's answers on a real PostgreSQL, driven one run at a time. */
class AutopilotTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String POOL = "lab";

    @TempDir
    static Path work;
    static EmbeddedDatabase database;
    static Vertx vertx;
    static BlockingPool workers;
    static Db db;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        StoreSchema.prepare(database.dataSource(), StorageFlavour.Choice.PLAIN);
        vertx = Vertx.vertx();
        workers = new BlockingPool("autopilot-test", 4, new SimpleMeterRegistry());
        db = new Db(vertx, database.dataSource(), workers);
    }

    @AfterAll
    static void stop() throws Exception {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void lostStorageIsAnsweredWithAnEvacuationEvenRightAfterAnOperatorRejectedTheBalancePlan() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Inventory inventory = new PoolFixture().withRealUuids().host("a", true, true).host("b", true, true).host("c", true, true)
                .storage("nfs", true, "a", true).storage("nfs", true, "b", false).storage("nfs", true, "c", true)
                .vm("web", PowerState.RUNNING, "b", Map.of()).inventory();
        PolicyStore policies = new PolicyStore(db, () -> Set.of(POOL), clock);
        policies.replace(POOL, new PolicyUpdate(PolicyMode.ADVISORY, new PolicyLimits(10, 64, null),
                new AdvisoryTrigger(0.95, 3600)), OptionalLong.empty(), "test").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        LiveState live = new LiveState(Duration.ofMinutes(15), 5, new SimpleMeterRegistry());
        var solver = Executors.newSingleThreadExecutor();
        PlanService plans = new PlanService(new PlanStore(db), db, pool -> inventory,
                new SnapshotBuilder(live, Rules.defaults()), solver, new EventHub(clock, 100), clock,
                Duration.ofHours(1), 20_000, new SimpleMeterRegistry());
        // The policy's last plan, a balance plan, was rejected by an operator a minute ago.
        PlanStore store = plans.store();
        Plan balance = store.insertProposed(POOL, PlanMode.BALANCE, null, new PlanBudgets(10, 64, 5),
                Autopilot.ADVISORY_ACTOR, NOW.minusSeconds(120), NOW.plus(Duration.ofHours(1)), "imbalance");
        store.transition(balance.id(), OptionalLong.empty(), PlanState.REJECTED, "rejected by ops: not now",
                NOW.minusSeconds(60), s -> { });

        new Autopilot(POOL, policies, plans, live, () -> inventory, new JdbcAuditLog(db), clock, 5).run();

        List<Plan> proposed = store.page(POOL, 10, null).stream().filter(p -> p.mode() == PlanMode.EVACUATE).toList();
        assertThat(proposed).singleElement().satisfies(plan -> {
            assertThat(plan.hostId()).isEqualTo(PoolFixture.realUuid("b"));
            assertThat(plan.createdBy()).isEqualTo(Autopilot.ADVISORY_ACTOR);
            assertThat(plan.stateReason()).contains("shared SR nfs").contains("storage-lost");
        });
        solver.shutdownNow();
    }
}
