package io.poolpilot.xapi.event;

import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.fake.FakeEventSource;
import io.poolpilot.xapi.fake.FakeXapi;
import io.poolpilot.xapi.model.PowerState;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.model.XapiClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.poolpilot.xapi.fake.FakeXapi.failure;
import static io.poolpilot.xapi.fake.WireRecords.host;
import static io.poolpilot.xapi.fake.WireRecords.vm;
import static org.assertj.core.api.Assertions.assertThat;

class EventWatcherTest {

    static final Duration SHORT = Duration.ofMillis(200);

    FakeXapi xapi;
    FakeEventSource source;
    XapiSession session;
    EventWatcher watcher;

    @BeforeEach
    void start() {
        xapi = FakeXapi.start();
        source = new FakeEventSource().attachTo(xapi);
        source.put("host", "OpaqueRef:h1", host("host-uuid-1", "xs-01", "127.0.0.1"));
        source.put("VM", "OpaqueRef:vm1", vm("vm-uuid-1", "web-01", "Running", "OpaqueRef:h1"));
        session = XapiSession.login(XapiEndpoint.of(xapi.url(), "root", "pw")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), "t");
        watcher = new EventWatcher(session, List.of(XapiClass.HOST, XapiClass.VM));
    }

    @AfterEach
    void stop() {
        session.close();
        xapi.close();
    }

    @Test
    void firstPollTakesAFullSnapshotAndReportsEveryObjectAsAdded() {
        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(changes).hasSize(2).allMatch(c -> c instanceof InventoryChange.Added);
        Inventory inv = watcher.inventory();
        assertThat(inv.hosts()).containsKey("OpaqueRef:h1");
        assertThat(inv.vmByUuid("vm-uuid-1")).map(Vm::nameLabel).contains("web-01");
        assertThat(inv.hostByUuid("host-uuid-1")).isPresent();
        assertThat(watcher.resyncCount()).isEqualTo(1);
    }

    @Test
    void modificationsAdditionsAndDeletionsAreAppliedToTheSnapshot() {
        watcher.poll(SHORT);
        long version = watcher.inventory().version();

        source.put("VM", "OpaqueRef:vm1", vm("vm-uuid-1", "web-01", "Halted", "OpaqueRef:NULL"));
        source.put("VM", "OpaqueRef:vm2", vm("vm-uuid-2", "db-01", "Running", "OpaqueRef:h1"));
        source.delete("OpaqueRef:h1");
        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).isInstanceOfSatisfying(InventoryChange.Modified.class, m -> {
            assertThat(((Vm) m.previous()).powerState()).isEqualTo(PowerState.RUNNING);
            assertThat(((Vm) m.record()).powerState()).isEqualTo(PowerState.HALTED);
            assertThat(m.className()).isEqualTo("VM");
        });
        assertThat(changes.get(1)).isInstanceOf(InventoryChange.Added.class);
        assertThat(changes.get(2)).isInstanceOfSatisfying(InventoryChange.Removed.class,
                r -> assertThat(r.ref()).isEqualTo("OpaqueRef:h1"));
        Inventory inv = watcher.inventory();
        assertThat(inv.version()).isGreaterThan(version);
        assertThat(inv.vms()).containsOnlyKeys("OpaqueRef:vm1", "OpaqueRef:vm2");
        assertThat(inv.hosts()).isEmpty();
        assertThat(inv.hostByUuid("host-uuid-1")).isEmpty();
    }

    @Test
    void noEventIsLostAcrossAQuietTimeoutAndTokensMoveForward() {
        watcher.poll(SHORT);
        assertThat(watcher.poll(SHORT)).as("nothing happened: quiet timeout").isEmpty();

        source.put("VM", "OpaqueRef:vm1", vm("vm-uuid-1", "web-01", "Paused", "OpaqueRef:h1"));
        List<InventoryChange> changes = watcher.poll(SHORT);
        assertThat(watcher.poll(SHORT)).isEmpty();

        assertThat(changes).singleElement().isInstanceOf(InventoryChange.Modified.class);
        assertThat(watcher.inventory().vms().get("OpaqueRef:vm1").powerState()).isEqualTo(PowerState.PAUSED);
        List<String> tokens = source.tokensReceived();
        assertThat(tokens.getFirst()).as("first call asks for everything").isEmpty();
        List<String> later = tokens.subList(1, tokens.size());
        assertThat(later).as("a quiet timeout keeps the token, an event advances it; never backwards")
                .hasSize(3).isSorted();
        assertThat(later.getLast()).isGreaterThan(later.getFirst());
    }

    @Test
    void changeWhileAPollIsWaitingIsDeliveredByThatPoll() throws Exception {
        watcher.poll(SHORT);
        int callsBefore = source.tokensReceived().size();
        var result = new java.util.concurrent.CompletableFuture<List<InventoryChange>>();
        Thread.ofVirtual().start(() -> result.complete(watcher.poll(Duration.ofSeconds(10))));
        awaitUntil(() -> source.tokensReceived().size() > callsBefore);

        source.put("VM", "OpaqueRef:vm3", vm("vm-uuid-3", "late", "Running", "OpaqueRef:h1"));

        List<InventoryChange> changes = result.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(changes).singleElement().extracting(InventoryChange::ref).isEqualTo("OpaqueRef:vm3");
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void eventsLostTriggersAFullResyncReportedAsTheDifference() {
        watcher.poll(SHORT);
        source.putSilently("VM", "OpaqueRef:vm1", vm("vm-uuid-1", "web-01", "Suspended", "OpaqueRef:NULL"));
        source.putSilently("VM", "OpaqueRef:vm9", vm("vm-uuid-9", "new", "Halted", "OpaqueRef:NULL"));

        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(watcher.resyncCount()).isEqualTo(2);
        assertThat(changes).extracting(c -> c.getClass().getSimpleName() + " " + c.ref())
                .containsExactlyInAnyOrder("Modified OpaqueRef:vm1", "Added OpaqueRef:vm9");
        assertThat(watcher.inventory().vms().get("OpaqueRef:vm1").powerState()).isEqualTo(PowerState.SUSPENDED);
    }

    @Test
    void reLoginOnTheSameMasterKeepsTheEventTokenWithoutASnapshot() {
        watcher.poll(SHORT);
        String stale = session.sessionRef();
        AtomicBoolean failedOnce = new AtomicBoolean();
        xapi.onMethod("event.from", call -> stale.equals(call.param(0)) && failedOnce.compareAndSet(false, true)
                ? failure("SESSION_INVALID", stale) : source.handle(call));
        source.put("VM", "OpaqueRef:vm2", vm("vm-uuid-2", "db-01", "Running", "OpaqueRef:h1"));

        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(session.generation()).isEqualTo(2);
        assertThat(watcher.resyncCount()).as("no snapshot: the token outlives the session").isEqualTo(1);
        assertThat(watcher.tokensKeptCount()).isEqualTo(1);
        assertThat(changes).extracting(c -> c.getClass().getSimpleName() + " " + c.ref())
                .containsExactly("Added OpaqueRef:vm2");
        assertThat(watcher.inventory().vms()).containsOnlyKeys("OpaqueRef:vm1", "OpaqueRef:vm2");
    }

    @Test
    void aTokenTheNewSessionRefusesLeadsToAFullResync() {
        watcher.poll(SHORT);
        String stale = session.sessionRef();
        AtomicBoolean failedOnce = new AtomicBoolean();
        AtomicBoolean refusedOnce = new AtomicBoolean();
        xapi.onMethod("event.from", call -> {
            if (stale.equals(call.param(0)) && failedOnce.compareAndSet(false, true)) {
                return failure("SESSION_INVALID", stale);
            }
            if (!"".equals(call.param(2)) && refusedOnce.compareAndSet(false, true)) {
                return failure("EVENT_FROM_TOKEN_PARSE_FAILURE", String.valueOf(call.param(2)));
            }
            return source.handle(call);
        });
        source.put("VM", "OpaqueRef:vm2", vm("vm-uuid-2", "db-01", "Running", "OpaqueRef:h1"));

        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(watcher.resyncCount()).isEqualTo(2);
        assertThat(changes).extracting(InventoryChange::ref).containsExactly("OpaqueRef:vm2");
    }

    @Test
    void malformedRecordInAnEventIsSkippedAndCountedWhileOthersApply() {
        watcher.poll(SHORT);
        Map<String, Object> broken = vm("vm-uuid-5", "broken", "Running", "OpaqueRef:h1");
        broken.remove("memory_static_max");
        source.put("VM", "OpaqueRef:vm5", broken);
        source.put("VM", "OpaqueRef:vm6", vm("vm-uuid-6", "fine", "Running", "OpaqueRef:h1"));

        List<InventoryChange> changes = watcher.poll(SHORT);

        assertThat(changes).extracting(InventoryChange::ref).containsExactly("OpaqueRef:vm6");
        assertThat(watcher.skippedEvents()).isEqualTo(1);
    }
}
