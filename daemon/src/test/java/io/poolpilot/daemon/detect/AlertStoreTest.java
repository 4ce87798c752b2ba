package io.poolpilot.daemon.detect;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.ServerEvent;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.control.EventHub;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import io.poolpilot.xapi.event.Inventory;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert store on a real PostgreSQL, a pool's detector reconciling rules with it, and the runner scheduling it. */
class AlertStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    static Path work;
    static EmbeddedDatabase database;
    static DataSource dataSource;
    static Vertx vertx;
    static BlockingPool workers;
    static Db db;
    static AlertStore store;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(work.resolve("db"), 0, false);
        dataSource = database.dataSource();
        StoreSchema.prepare(dataSource, StorageFlavour.Choice.PLAIN);
        vertx = Vertx.vertx();
        workers = new BlockingPool("alert-test", 4, new SimpleMeterRegistry());
        db = new Db(vertx, dataSource, workers);
        store = new AlertStore(db);
    }

    @AfterAll
    static void stop() throws Exception {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void raisingAnOpenAlertAgainIsANoOpAndOnlyOneStaysOpenPerSubject() {
        Condition down = new Condition(AlertKind.HOST_DOWN, "host-a", "host a (host-a) is down");

        assertThat(store.raise("idem", down, T0)).isPresent();
        assertThat(store.raise("idem", down, T0.plusSeconds(5))).isEmpty();
        assertThat(store.raise("idem", new Condition(AlertKind.HOST_DOWN, "host-a", "reworded"), T0.plusSeconds(9))).isEmpty();
        assertThat(store.raise("idem", new Condition(AlertKind.HOST_OVERLOADED, "host-a", "hot"), T0)).isPresent();
        assertThat(store.raise("other-pool", down, T0)).isPresent();

        assertThat(store.open("idem")).extracting(Alert::kind).containsExactly("host-down", "host-overloaded");
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM alert WHERE pool_name = 'idem' AND kind = 'host-down'"))
                .isEqualTo(1);
    }

    @Test
    void clearingStampsTheAlertAndAConditionThatReturnsOpensANewOne() {
        Condition lost = new Condition(AlertKind.STORAGE_LOST, "sr@host", "SR nfs is not attached on host h");
        Alert first = store.raise("clear", lost, T0).orElseThrow();

        Alert cleared = store.clear("clear", lost.key(), T0.plusSeconds(60)).orElseThrow();
        assertThat(cleared.id()).isEqualTo(first.id());
        assertThat(cleared.clearedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.clear("clear", lost.key(), T0.plusSeconds(61))).as("nothing open to clear").isEmpty();
        assertThat(store.open("clear")).isEmpty();

        Alert again = store.raise("clear", lost, T0.plusSeconds(120)).orElseThrow();
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(again.severity().wire()).isEqualTo("critical");
        assertThat(again.clearedAt()).isNull();
    }

    @Test
    void alertsArePagedNewestFirst() throws Exception {
        List<String> raised = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            raised.add(store.raise("paged", new Condition(AlertKind.HOST_DOWN, "host-" + i, "down " + i), T0).orElseThrow().id());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Page<Alert> page = store.alerts(AlertFilter.ALL, new PageRequest(2, after)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            page.items().stream().filter(a -> a.poolId().equals("paged")).forEach(a -> seen.add(a.id()));
            after = page.nextKey();
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(raised.reversed());
    }

    @Test
    void alertsAreFilteredByStatePoolAndKind() throws Exception {
        Alert down = store.raise("filtered", new Condition(AlertKind.HOST_DOWN, "h-down", "down"), T0).orElseThrow();
        Alert lost = store.raise("filtered", new Condition(AlertKind.STORAGE_LOST, "sr@h", "lost"), T0).orElseThrow();
        Alert elsewhere = store.raise("filtered-other", new Condition(AlertKind.HOST_DOWN, "h-x", "down"), T0).orElseThrow();
        store.clear("filtered", new Condition(AlertKind.STORAGE_LOST, "sr@h", "lost").key(), T0.plusSeconds(5));

        assertThat(ids(new AlertFilter(true, "filtered", null))).containsExactly(down.id());
        assertThat(ids(new AlertFilter(false, "filtered", null))).containsExactly(lost.id());
        assertThat(ids(new AlertFilter(null, "filtered", null))).containsExactly(lost.id(), down.id());
        assertThat(ids(new AlertFilter(true, null, "host-down"))).contains(down.id(), elsewhere.id()).doesNotContain(lost.id());
        assertThat(ids(new AlertFilter(null, "filtered-other", "storage-lost"))).isEmpty();
    }

    private List<String> ids(AlertFilter filter) throws Exception {
        return store.alerts(filter, new PageRequest(100, null)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).items().stream().map(Alert::id).toList();
    }

    @Test
    void detectorRaisesOnceWhileAConditionHoldsAndClearsWhenItStops() {
        AtomicReference<Inventory> inventory = new AtomicReference<>(
                new PoolFixture().host("h1", true, true).host("h2", true, false).inventory());
        EventHub events = new EventHub(Clock.fixed(T0, ZoneOffset.UTC), 100);
        List<ServerEvent> published = new ArrayList<>();
        events.subscribe(null, published::add);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PoolDetector detector = detector("cycle", inventory, events, registry);

        assertThat(detector.evaluate()).isTrue();
        assertThat(detector.evaluate()).isTrue();
        assertThat(store.open("cycle")).extracting(Alert::subject).containsExactly("h2-uuid");
        assertThat(registry.counter(MetricNames.DETECT_ALERTS_RAISED, "pool", "cycle", MetricNames.TAG_KIND, "host-down")
                .count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.DETECT_ALERTS_OPEN).tags("pool", "cycle", MetricNames.TAG_KIND, "host-down")
                .gauge().value()).isEqualTo(1);

        inventory.set(new PoolFixture().host("h1", true, true).host("h2", true, true).inventory());
        detector.evaluate();

        assertThat(store.open("cycle")).isEmpty();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM alert WHERE pool_name = 'cycle' AND cleared_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(registry.get(MetricNames.DETECT_ALERTS_OPEN).tags("pool", "cycle", MetricNames.TAG_KIND, "host-down")
                .gauge().value()).isZero();
        assertThat(published).extracting(ServerEvent::type).containsExactly(PoolDetector.EVENT_RAISED, PoolDetector.EVENT_CLEARED);
        assertThat(published.getFirst().data()).containsEntry("kind", "host-down").containsEntry("subject", "h2-uuid")
                .containsEntry("poolId", "cycle").containsEntry("severity", "critical");
    }

    @Test
    void aRestartedDetectorKeepsAlertsThatStillHoldAndClearsTheRestOnItsFirstEvaluation() {
        AtomicReference<Inventory> inventory = new AtomicReference<>(new PoolFixture().host("h1", true, false)
                .host("h2", true, false).inventory());
        EventHub events = new EventHub(Clock.fixed(T0, ZoneOffset.UTC), 100);
        detector("restart", inventory, events, new SimpleMeterRegistry()).evaluate();
        List<Alert> before = store.open("restart");
        assertThat(before).hasSize(2);

        // The daemon is gone; h2 comes back meanwhile. A new detector knows only what the store says.
        inventory.set(new PoolFixture().host("h1", true, false).host("h2", true, true).inventory());
        PoolDetector restarted = detector("restart", inventory, events, new SimpleMeterRegistry());
        restarted.evaluate();

        List<Alert> after = store.open("restart");
        assertThat(after).extracting(Alert::subject).containsExactly("h1-uuid");
        assertThat(after.getFirst().id()).as("the same alert, not a new one").isEqualTo(before.stream()
                .filter(a -> a.subject().equals("h1-uuid")).findFirst().orElseThrow().id());
    }

    @Test
    void aPoolWithoutInventoryYetLeavesItsOpenAlertsAlone() {
        store.raise("connecting", new Condition(AlertKind.HOST_DOWN, "h9-uuid", "down"), T0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PoolDetector detector = detector("connecting", new AtomicReference<>(Inventory.empty()),
                new EventHub(Clock.fixed(T0, ZoneOffset.UTC), 10), registry);

        assertThat(detector.evaluate()).isFalse();
        assertThat(store.open("connecting")).hasSize(1);
        assertThat(registry.counter(MetricNames.DETECT_EVALUATIONS, "pool", "connecting").count()).isZero();
    }

    @Test
    void onlyTheLeaseHolderEvaluatesAndADaemonThatLosesTheLeaseStandsBy() {
        AtomicBoolean held = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PoolDetector detector = detector("leased", new AtomicReference<>(new PoolFixture().host("h1", true, false).inventory()),
                new EventHub(Clock.fixed(T0, ZoneOffset.UTC), 10), registry);
        try (DetectorRunner runner = new DetectorRunner(vertx, workers, pool -> {
            asked.incrementAndGet();
            return held.get();
        }, registry)) {
            runner.schedule(detector, Duration.ofMillis(50));
            Await.until(Duration.ofSeconds(10), "three ticks without the lease", () -> asked.get() >= 3);
            assertThat(store.open("leased")).as("no lease, no writes").isEmpty();

            held.set(true);
            Await.until(Duration.ofSeconds(10), "the alert raised by the holder", () -> store.open("leased").size() == 1);
            Await.until(Duration.ofSeconds(10), "the gauge", () -> openGauge(registry, "leased") == 1);

            held.set(false);
            Await.until(Duration.ofSeconds(10), "stand-by zeroes the gauge", () -> openGauge(registry, "leased") == 0);
            assertThat(store.open("leased")).as("the alert stays open for the next holder").hasSize(1);
        }
    }

    @Test
    void aFailingEvaluationIsCountedAndTheScheduleGoesOn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PoolDetector broken = new PoolDetector("broken", () -> {
            throw new IllegalStateException("inventory unavailable");
        }, List.of(new HostDownRule()), store, new EventHub(Clock.fixed(T0, ZoneOffset.UTC), 10), Clock.fixed(T0, ZoneOffset.UTC),
                registry);
        try (DetectorRunner runner = new DetectorRunner(vertx, workers, pool -> true, registry)) {
            runner.schedule(broken, Duration.ofMillis(50));
            Await.until(Duration.ofSeconds(10), "three failures counted",
                    () -> registry.counter(MetricNames.DETECT_FAILURES, "pool", "broken").count() >= 3);
        }
    }

    private static double openGauge(SimpleMeterRegistry registry, String pool) {
        return registry.get(MetricNames.DETECT_ALERTS_OPEN).tags("pool", pool, MetricNames.TAG_KIND, "host-down").gauge().value();
    }

    private static PoolDetector detector(String pool, AtomicReference<Inventory> inventory, EventHub events,
                                         SimpleMeterRegistry registry) {
        return new PoolDetector(pool, inventory::get, List.of(new HostDownRule(), new StorageLostRule()), store, events,
                Clock.fixed(T0, ZoneOffset.UTC), registry);
    }
}
