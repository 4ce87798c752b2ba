package io.poolpilot.daemon.live;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.model.InventoryChange.VmGone;
import io.poolpilot.daemon.model.VmSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveStateTest {

    private static final long T0 = 1_795_000_000L;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void windowKeepsOnlyTheLastFifteenMinutesOldestFirst() {
        LiveState live = new LiveState(Duration.ofMinutes(15), 5, registry);
        Fleet fleet = new Fleet(21, 1, 1);
        for (int i = 0; i < 400; i++) {
            live.accept(fleet.vmSample(0, T0 + 5L * i));
        }
        List<VmSample> window = live.vmWindow(fleet.vmUuids.getFirst());
        assertThat(window).hasSize(180);
        assertThat(window.getFirst().timeSeconds()).isEqualTo(T0 + 5L * 220);
        assertThat(window.getLast().timeSeconds()).isEqualTo(T0 + 5L * 399);
        VmSample latest = live.latestVm(fleet.vmUuids.getFirst()).orElseThrow();
        VmSample expected = fleet.vmSample(0, T0 + 5L * 399);
        assertThat(latest.timeSeconds()).isEqualTo(expected.timeSeconds());
        assertThat(latest.hostUuid()).isEqualTo(expected.hostUuid());
        assertThat(latest.cpuUsedCores()).isCloseTo(expected.cpuUsedCores(), within(1e-6));
        assertThat(latest.memoryFreeBytes()).isCloseTo(expected.memoryFreeBytes(), within(expected.memoryFreeBytes() * 1e-6));
    }

    @Test
    void p95OfCpuUsedCoresUsesNearestRankOverTheWindowIgnoringAbsentValues() {
        LiveState live = new LiveState(Duration.ofMinutes(15), 5, registry);
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = (i * 37) % 100 / 10.0;
            live.accept(new VmSample("p", "h", "v", T0 + 5L * i, 5, 16, values[i], 1, 1, 1, 1, 1, 1, 1));
        }
        live.accept(new VmSample("p", "h", "v", T0 + 5L * 100, 5, 16, Double.NaN, 1, 1, 1, 1, 1, 1, 1));
        Arrays.sort(values);
        assertThat(live.p95CpuUsedCores("v").orElseThrow()).isCloseTo(values[94], within(1e-6));
        assertThat(live.p95CpuUsedCores("unknown")).isEmpty();
    }

    @Test
    void firstReportPerInstantWinsAndGoneEntitiesAndIdleWindowsAreDropped() {
        LiveState live = new LiveState(Duration.ofMinutes(15), 5, registry);
        Fleet fleet = new Fleet(22, 2, 2);
        live.accept(fleet.vmSample(0, T0));
        live.accept(new VmSample(fleet.poolUuid, fleet.hostUuids.get(1), fleet.vmUuids.get(0), T0, 5, 4, 3, 1, 1, 1, 1, 1, 1, 1));
        assertThat(live.vmWindow(fleet.vmUuids.get(0))).singleElement()
                .satisfies(s -> assertThat(s.hostUuid()).isEqualTo(fleet.hostOf(0)));
        live.accept(fleet.vmSample(1, T0));
        live.accept(fleet.hostSample(0, T0));
        live.accept(new VmGone(fleet.poolUuid, fleet.vmUuids.get(1), 1));
        assertThat(live.vmUuids()).containsExactly(fleet.vmUuids.get(0));
        assertThat(live.evictIdle(T0 + 16 * 60)).isEqualTo(2);
        assertThat(live.vmUuids()).isEmpty();
        assertThat(live.hostUuids()).isEmpty();
    }

    @Test
    void readersSeeConsistentWindowsWhileTheFeederWrites() throws Exception {
        LiveState live = new LiveState(Duration.ofMinutes(15), 5, registry);
        Fleet fleet = new Fleet(23, 1, 1);
        String vm = fleet.vmUuids.getFirst();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    live.accept(fleet.vmSample(0, T0 + 5L * i));
                }
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    while (!writer.isDone()) {
                        List<VmSample> w = live.vmWindow(vm);
                        for (int i = 1; i < w.size(); i++) {
                            assertThat(w.get(i).timeSeconds() - w.get(i - 1).timeSeconds()).isEqualTo(5);
                        }
                        assertThat(w.size()).isLessThanOrEqualTo(181);
                    }
                }));
            }
            writer.get();
            for (Future<?> r : readers) {
                r.get();
            }
        }
    }

    @Test
    void feederReplaysTheLastWindowOfTheJournalOnStart(@TempDir Path dir) {
        Fleet fleet = new Fleet(24, 2, 10);
        long now = System.currentTimeMillis() / 1000;
        try (Journal journal = Journal.open(JournalConfig.defaults(dir), registry)) {
            journal.appendAll(fleet.inventory(now * 1000));
            for (int t = 0; t < 12; t++) {
                journal.appendAll(fleet.tick(now - 60 + 5L * t));
            }
            LiveState live = new LiveState(Duration.ofMinutes(15), 5, registry);
            try (LiveStateFeeder feeder = new LiveStateFeeder(journal.reader("live"), live, Duration.ofMinutes(15), Clock.systemUTC())) {
                feeder.start();
                Await.until(Duration.ofSeconds(10), "live state has replayed the journal",
                        () -> feeder.appliedIndex() == journal.lastIndex());
                assertThat(live.vmUuids()).hasSize(10);
                assertThat(live.vmWindow(fleet.vmUuids.get(3))).hasSize(12);
                assertThat(live.latestHost(fleet.hostUuids.get(1)).orElseThrow().timeSeconds()).isEqualTo(now - 60 + 55);
            }
        }
    }
}
