package io.poolpilot.daemon.detect;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.model.Severity;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.PowerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule over hand-built inventories and live windows. */
class DetectionRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    // ---- host-down -------------------------------------------------------------------------

    @Test
    void aHostWhoseMetricsSayNotLiveIsDownAndNamedInTheMessage() {
        Inventory pool = new PoolFixture().host("h1", true, true).host("h2", true, false).inventory();

        Set<Condition> holding = new HostDownRule().holding(pool, NOW);

        assertThat(holding).hasSize(1);
        Condition down = holding.iterator().next();
        assertThat(down.kind()).isEqualTo(AlertKind.HOST_DOWN);
        assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.subject()).isEqualTo("h2-uuid");
        assertThat(down.message()).contains("h2").contains("h2-uuid").contains("down");
    }

    @Test
    void liveHostsAndADisabledLiveHostAreNotDown() {
        Inventory pool = new PoolFixture().host("h1", true, true).host("h2", false, true).inventory();

        assertThat(new HostDownRule().holding(pool, NOW)).isEmpty();
    }

    // ---- vm-stranded -----------------------------------------------------------------------

    @Test
    void runningGuestsOnADownHostAreStrandedOneAlertEachNamingTheirAccount() {
        Inventory pool = new PoolFixture().host("up", true, true).host("down", true, false)
                .vm("web", PowerState.RUNNING, "down", Map.of("billing_account", "acme"))
                .vm("db", PowerState.RUNNING, "down", Map.of())
                .vm("idle", PowerState.HALTED, "down", Map.of())
                .vm("fine", PowerState.RUNNING, "up", Map.of("billing_account", "acme"))
                .inventory();

        Set<Condition> holding = new VmStrandedRule("billing_account").holding(pool, NOW);

        assertThat(holding).extracting(Condition::subject).containsExactlyInAnyOrder("web-uuid", "db-uuid");
        assertThat(holding).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(AlertKind.VM_STRANDED);
            assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(c.message()).contains("down (down-uuid)").contains("power_state_reset");
        });
        assertThat(holding).filteredOn(c -> c.subject().equals("web-uuid")).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("vm web (web-uuid) of account acme"));
        assertThat(new VmStrandedRule("billing_account").holding(
                new PoolFixture().host("up", true, true).vm("fine", PowerState.RUNNING, "up", Map.of()).inventory(), NOW))
                .isEmpty();
    }

    // ---- storage-lost ----------------------------------------------------------------------

    @Test
    void anSrDetachedFromAnEnabledLiveHostIsLostThereOnly() {
        Inventory pool = new PoolFixture().host("h1", true, true).host("h2", true, true)
                .storage("nfs", true, "h1", true).storage("nfs", true, "h2", false).inventory();

        Set<Condition> holding = new StorageLostRule().holding(pool, NOW);

        assertThat(holding).extracting(Condition::subject).containsExactly("nfs-uuid@h2-uuid");
        Condition lost = holding.iterator().next();
        assertThat(lost.kind()).isEqualTo(AlertKind.STORAGE_LOST);
        assertThat(lost.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(lost.message()).contains("shared SR nfs (nfs-uuid)").contains("host h2 (h2-uuid)");
    }

    @Test
    void localStorageIsWatchedToo() {
        Inventory pool = new PoolFixture().host("h1", true, true).storage("local", false, "h1", false).inventory();

        assertThat(new StorageLostRule().holding(pool, NOW)).extracting(Condition::subject)
                .containsExactly(StorageLostRule.subject("local-uuid", "h1-uuid"));
    }

    @Test
    void aSharedSrAttachedOnNoLiveHostIsLostPoolWideAndOneHostStillReachingItIsEnough() {
        Inventory everywhere = new PoolFixture().host("h1", true, true).host("h2", true, true).host("down", true, false)
                .storage("nfs", true, "h1", false).storage("nfs", true, "h2", false).storage("nfs", true, "down", true)
                .inventory();
        Set<Condition> holding = new StorageLostPoolRule().holding(everywhere, NOW);
        assertThat(holding).extracting(Condition::subject).containsExactly("nfs-uuid");
        assertThat(holding.iterator().next().message()).contains("nfs (nfs-uuid)").contains("none of its 2 live hosts")
                .contains("no running VM uses it");

        Inventory oneReaches = new PoolFixture().host("h1", true, true).host("h2", true, true)
                .storage("nfs", true, "h1", true).storage("nfs", true, "h2", false).inventory();
        assertThat(new StorageLostPoolRule().holding(oneReaches, NOW)).isEmpty();

        Inventory local = new PoolFixture().host("h1", true, true).storage("local", false, "h1", false).inventory();
        assertThat(new StorageLostPoolRule().holding(local, NOW)).as("local storage is storage-lost's").isEmpty();
    }

    @Test
    void storageDetachedFromADownOrDisabledHostIsNotReportedAsLost() {
        Inventory pool = new PoolFixture().host("down", true, false).host("off", false, true).host("up", true, true)
                .storage("nfs", true, "down", false).storage("nfs", true, "off", false).storage("nfs", true, "up", true)
                .inventory();

        assertThat(new StorageLostRule().holding(pool, NOW)).isEmpty();
    }

    // ---- host-overloaded -------------------------------------------------------------------

    @Test
    void aHostOverTheThresholdForTheWholeSpanIsOverloaded() {
        LiveState live = live();
        feed(live, "h1", NOW, Duration.ofMinutes(6), 0.95);
        feed(live, "h2", NOW, Duration.ofMinutes(6), 0.40);
        Inventory pool = new PoolFixture().host("h1", true, true).host("h2", true, true).inventory();

        Set<Condition> holding = new HostOverloadRule(live, 0.8, Duration.ofMinutes(5)).holding(pool, NOW);

        assertThat(holding).extracting(Condition::subject).containsExactly(uuid("h1"));
        Condition hot = holding.iterator().next();
        assertThat(hot.kind()).isEqualTo(AlertKind.HOST_OVERLOADED);
        assertThat(hot.severity()).isEqualTo(Severity.WARNING);
        assertThat(hot.message()).contains("h1 (" + uuid("h1") + ")").contains("over 80%").contains("5 min");
    }

    @Test
    void aHostWatchedForLessThanTheSpanIsNotOverloadedYet() {
        LiveState live = live();
        feed(live, "h1", NOW, Duration.ofMinutes(3), 0.95);
        Inventory pool = new PoolFixture().host("h1", true, true).inventory();

        assertThat(new HostOverloadRule(live, 0.8, Duration.ofMinutes(5)).holding(pool, NOW)).isEmpty();
    }

    @Test
    void aDipBelowTheThresholdWithinTheSpanResetsTheOverload() {
        LiveState live = live();
        long start = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        for (long t = start; t <= NOW.getEpochSecond(); t += 5) {
            // A full minute at 30% two minutes ago: the smoothed CPU falls well under 80%.
            boolean dip = t > NOW.getEpochSecond() - 180 && t <= NOW.getEpochSecond() - 120;
            live.accept(sample("h1", t, dip ? 0.30 : 0.95));
        }
        Inventory pool = new PoolFixture().host("h1", true, true).inventory();

        assertThat(new HostOverloadRule(live, 0.8, Duration.ofMinutes(5)).holding(pool, NOW)).isEmpty();
        assertThat(new HostOverloadRule(live, 0.8, Duration.ofMinutes(1)).holding(pool, NOW)).hasSize(1);
    }

    @Test
    void oneNoisySampleDoesNotEndAnOverload() {
        LiveState live = live();
        long start = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        for (long t = start; t <= NOW.getEpochSecond(); t += 5) {
            live.accept(sample("h1", t, t == NOW.getEpochSecond() - 60 ? 0.50 : 0.95));
        }
        Inventory pool = new PoolFixture().host("h1", true, true).inventory();

        assertThat(new HostOverloadRule(live, 0.8, Duration.ofMinutes(5)).holding(pool, NOW)).hasSize(1);
    }

    @Test
    void aStaleWindowOrADownHostIsNotJudgedOverloaded() {
        LiveState live = live();
        feed(live, "h1", NOW.minus(Duration.ofMinutes(3)), Duration.ofMinutes(6), 0.95);
        feed(live, "h2", NOW, Duration.ofMinutes(6), 0.95);
        Inventory pool = new PoolFixture().host("h1", true, true).host("h2", true, false).inventory();

        assertThat(new HostOverloadRule(live, 0.8, Duration.ofMinutes(5)).holding(pool, NOW)).isEmpty();
    }

    private static LiveState live() {
        return new LiveState(Duration.ofMinutes(15), 5, new SimpleMeterRegistry());
    }

    /** Samples every 5 s over {@code span} ending at {@code end}, all at {@code cpu}. */
    private static void feed(LiveState live, String host, Instant end, Duration span, double cpu) {
        for (long t = end.minus(span).getEpochSecond(); t <= end.getEpochSecond(); t += 5) {
            live.accept(sample(host, t, cpu));
        }
    }

    private static HostSample sample(String host, long t, double cpu) {
        return new HostSample("pool-uuid", uuid(host), t, 5, 16, cpu, 64e9, 32e9, 1, 0, 0);
    }

    private static String uuid(String host) {
        return PoolFixture.uuid(host);
    }
}
