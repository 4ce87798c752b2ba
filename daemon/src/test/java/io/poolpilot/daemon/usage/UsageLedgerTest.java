package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.model.InventoryChange.VmSeen;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UsageLedgerTest {

    static final String POOL = "pool-1";
    static final String HOST_A = "host-a";
    static final String HOST_B = "host-b";
    static final String VM = "vm-1";
    static final long H = 1_795_000_000L / 3600 * 3600;
    static final double GIB = 1024.0 * 1024 * 1024;

    private final Map<VmHour, HourAccumulator> closedStore = new HashMap<>();
    private final UsageLedger ledger = new UsageLedger(UsageConfig.defaults(), closedStore::get);

    static VmSample sample(String host, long t, int step, double cpuCores) {
        return new VmSample(POOL, host, VM, t, step, 2, cpuCores, 4 * GIB, GIB, 4 * GIB, 1000, 500, 200, 100);
    }

    private void fullHour(String host, long hourStart, double cpuCores) {
        for (long t = hourStart + 5; t <= hourStart + 3600; t += 5) {
            ledger.apply(sample(host, t, 5, cpuCores));
        }
    }

    /** Commits like the store would: closed hours keep their counted instants for late duplicates. */
    private UsageLedger.Changes commit() {
        UsageLedger.Changes changes = ledger.changes();
        changes.closed().forEach(acc -> closedStore.put(acc.key(), acc.seenOnly()));
        changes.closedSeen().forEach(acc -> closedStore.put(acc.key(), acc));
        ledger.committed();
        return changes;
    }

    @Test
    void everyRateBecomesRateTimesStepAndAFullHourHasFullCoverage() {
        fullHour(HOST_A, H, 1.5);
        UsageAmounts a = ledger.openTotal(new VmHour(VM, H));
        assertThat(a.coveredSeconds()).isEqualTo(3600);
        assertThat(a.coverage(3600)).isEqualTo(1.0);
        assertThat(a.runningSeconds()).isEqualTo(3600);
        assertThat(a.vcpuSeconds()).isEqualTo(2 * 3600);
        assertThat(a.cpuSeconds()).isCloseTo(1.5 * 3600, within(1e-6));
        assertThat(a.memoryGibHours()).isCloseTo(4.0, within(1e-9));
        assertThat(a.memoryUsedGibHours()).isCloseTo(3.0, within(1e-9));
        assertThat(a.diskReadBytes()).isEqualTo(1000 * 3600);
        assertThat(a.diskWriteBytes()).isEqualTo(500 * 3600);
        assertThat(a.netRxBytes()).isEqualTo(200 * 3600);
        assertThat(a.netTxBytes()).isEqualTo(100 * 3600);
        assertThat(a.samples()).isEqualTo(720);
    }

    @Test
    void aGapLowersCoverageAndIsNotFilled() {
        for (long t = H + 5; t <= H + 3600; t += 5) {
            if (t > H + 600 && t <= H + 900) {
                continue; // five minutes without samples
            }
            ledger.apply(sample(HOST_A, t, 5, 1.0));
        }
        UsageAmounts a = ledger.openTotal(new VmHour(VM, H));
        assertThat(a.coveredSeconds()).isEqualTo(3300);
        assertThat(a.coverage(3600)).isCloseTo(3300 / 3600.0, within(1e-12));
        assertThat(a.cpuSeconds()).isCloseTo(3300, within(1e-9));
    }

    @Test
    void theSameInstantReportedByTwoHostsDuringAMigrationCountsOnce() {
        for (long t = H + 5; t <= H + 1800; t += 5) {
            ledger.apply(sample(HOST_A, t, 5, 1.0));
        }
        // The destination reports the last ten minutes again (its rrd history), then carries on.
        long dup = 0;
        for (long t = H + 1200; t <= H + 3600; t += 5) {
            if (ledger.apply(sample(HOST_B, t, 5, 1.0)) == UsageLedger.Outcome.DUPLICATE) {
                dup++;
            }
        }
        assertThat(dup).isEqualTo(600 / 5 + 1);
        assertThat(ledger.openTotal(new VmHour(VM, H)).cpuSeconds()).isCloseTo(3600, within(1e-9));
    }

    @Test
    void aStepStraddlingTheHourBoundaryIsSplitInProportion() {
        ledger.apply(sample(HOST_A, H + 3600 + 20, 60, 1.0)); // covers (H+3560, H+3620]
        assertThat(ledger.openTotal(new VmHour(VM, H)).cpuSeconds()).isCloseTo(40, within(1e-9));
        assertThat(ledger.openTotal(new VmHour(VM, H + 3600)).cpuSeconds()).isCloseTo(20, within(1e-9));
    }

    @Test
    void aBillingAccountChangeMidHourSplitsTheHour() {
        ledger.apply(new VmSeen(POOL, VM, "vm", HOST_A, PowerState.RUNNING, 2, 4L << 30, "acme", Map.of(), H * 1000));
        for (long t = H + 5; t <= H + 1800; t += 5) {
            ledger.apply(sample(HOST_A, t, 5, 1.0));
        }
        ledger.apply(new VmSeen(POOL, VM, "vm", HOST_A, PowerState.RUNNING, 2, 4L << 30, "globex", Map.of(),
                (H + 1800) * 1000 + 1));
        for (long t = H + 1805; t <= H + 3600; t += 5) {
            ledger.apply(sample(HOST_A, t, 5, 1.0));
        }
        ledger.apply(sample(HOST_A, H + 3600 + 15 * 60 + 5, 5, 1.0)); // moves the watermark past the lateness window
        ledger.closeDue(Instant.ofEpochSecond(H));
        UsageLedger.Changes changes = commit();
        assertThat(changes.closed()).hasSize(1);
        Map<String, UsageAmounts> byAccount = changes.closed().getFirst().byAccount();
        assertThat(byAccount).containsOnlyKeys("acme", "globex");
        assertThat(byAccount.get("acme").coveredSeconds()).isEqualTo(1800);
        assertThat(byAccount.get("globex").coveredSeconds()).isEqualTo(1800);
        assertThat(changes.accountChanges()).hasSize(2);
    }

    @Test
    void anHourClosesOnlyAfterTheLatenessWindowOfSampleTime() {
        fullHour(HOST_A, H, 1.0);
        ledger.apply(sample(HOST_A, H + 3600 + 15 * 60 - 5, 5, 1.0)); // 5 s short of the window
        ledger.closeDue(Instant.ofEpochSecond(H));
        assertThat(ledger.changes().closed()).isEmpty();
        ledger.apply(sample(HOST_A, H + 3600 + 15 * 60, 5, 1.0));
        ledger.closeDue(Instant.ofEpochSecond(H));
        assertThat(commit().closed()).extracting(HourAccumulator::key).containsExactly(new VmHour(VM, H));
        assertThat(ledger.openTotal(new VmHour(VM, H))).isNull();
    }

    @Test
    void aSilentPoolStillClosesOnTheWallClockAfterTheGrace() {
        fullHour(HOST_A, H, 1.0);
        ledger.closeDue(Instant.ofEpochSecond(H + 3600 + 15 * 60 + 44 * 60));
        assertThat(ledger.changes().closed()).isEmpty();
        ledger.closeDue(Instant.ofEpochSecond(H + 3600 + 60 * 60));
        assertThat(ledger.changes().closed()).hasSize(1);
    }

    @Test
    void dataArrivingAfterCloseBecomesAnAdjustmentAndLateDuplicatesAreDropped() {
        for (long t = H + 5; t <= H + 3000; t += 5) {
            ledger.apply(sample(HOST_A, t, 5, 1.0));
        }
        ledger.apply(sample(HOST_A, H + 3600 + 20 * 60, 5, 1.0));
        ledger.closeDue(Instant.ofEpochSecond(H));
        UsageLedger.Changes first = commit();
        assertThat(first.closed().getFirst().total().coveredSeconds()).isEqualTo(3000);

        assertThat(ledger.apply(sample(HOST_B, H + 3005, 5, 1.0))).isEqualTo(UsageLedger.Outcome.LATE);
        assertThat(ledger.apply(sample(HOST_B, H + 3005, 5, 1.0))).isEqualTo(UsageLedger.Outcome.DUPLICATE);
        assertThat(ledger.apply(sample(HOST_B, H + 2995, 5, 1.0))).isEqualTo(UsageLedger.Outcome.DUPLICATE);
        UsageLedger.Changes second = commit();
        assertThat(second.closed()).isEmpty();
        assertThat(second.adjustments()).hasSize(1);
        assertThat(second.adjustments().getFirst().total().coveredSeconds()).isEqualTo(5);
        // Once committed, the adjusted instant is known as counted too.
        assertThat(ledger.apply(sample(HOST_A, H + 3005, 5, 1.0))).isEqualTo(UsageLedger.Outcome.DUPLICATE);
        assertThat(commit().adjustments()).isEmpty();
    }

    @Test
    void stateSurvivesEncodingBitForBit() {
        fullHour(HOST_A, H, 0.75);
        HourAccumulator acc = ledger.changes().open().getFirst();
        HourAccumulator back = HourAccumulator.decode(acc.key(), acc.encode());
        assertThat(back.total()).isEqualTo(acc.total());
        assertThat(back.poolUuid()).isEqualTo(POOL);
        assertThat(back.wasSeen(H + 3600)).isTrue();
        assertThat(back.wasSeen(H + 3)).isFalse();
    }

    @Test
    void badAmountsAndHoursAreRejectedWithTheValue() {
        assertThatThrownBy(() -> new VmHour(VM, H + 5)).hasMessageContaining(String.valueOf(H + 5));
        assertThatThrownBy(() -> new UsageAmounts(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .hasMessageContaining("coveredSeconds").hasMessageContaining("-1");
        assertThatThrownBy(() -> new UsageConfig(Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(1), 1,
                Duration.ofDays(1))).hasMessageContaining("lateness");
    }
}
