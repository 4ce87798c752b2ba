package io.poolpilot.daemon.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.InventoryChange.HostGone;
import io.poolpilot.daemon.model.InventoryChange.VmGone;
import io.poolpilot.daemon.model.InventoryChange.VmSeen;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {

    private static final long START_MILLIS = 1_795_000_000_000L;

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Journal open(SetTimeProvider time, Duration retention) {
        return Journal.open(new JournalConfig(dir, TestRollCycles.TEST_SECONDLY, retention, time), registry);
    }

    private static List<Observation> drain(JournalReader reader) {
        List<Observation> out = new ArrayList<>();
        for (JournalEntry e = reader.poll(); e != null; e = reader.poll()) {
            out.add(e.observation());
        }
        return out;
    }

    @Test
    void everyObservationKindRoundTripsThroughTheBinaryFormat() {
        Fleet fleet = new Fleet(1, 2, 3);
        List<Observation> written = new ArrayList<>(fleet.inventory(START_MILLIS));
        written.add(fleet.vmSample(1, 1_795_000_000L));
        written.add(new VmSample("not-a-uuid pool", "host/odd", "VM-UPPER-CASE", 1, 60, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, 0, 0, 0));
        written.add(fleet.hostSample(0, 1_795_000_000L));
        written.add(new VmSeen(fleet.poolUuid, fleet.vmUuids.get(0), "halted one", null, PowerState.HALTED, 1, 1L << 30,
                null, Map.of(), START_MILLIS));
        written.add(new VmGone(fleet.poolUuid, fleet.vmUuids.get(2), START_MILLIS));
        written.add(new HostGone(fleet.poolUuid, fleet.hostUuids.get(1), START_MILLIS));
        try (Journal journal = open(new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS)), Duration.ZERO)) {
            journal.appendAll(written);
            try (JournalReader reader = journal.reader("roundtrip")) {
                assertThat(drain(reader)).containsExactlyElementsOf(written);
            }
        }
        assertThat(registry.counter(MetricNames.JOURNAL_APPENDED, MetricNames.TAG_KIND, "vm_sample").count()).isEqualTo(2);
        assertThat(registry.counter(MetricNames.JOURNAL_APPENDED, MetricNames.TAG_KIND, "inventory").count())
                .isEqualTo(fleet.inventory(START_MILLIS).size() + 3);
    }

    @Test
    void appendsFromManyVirtualThreadsAreAllJournaledOnce() throws Exception {
        Fleet fleet = new Fleet(2, 4, 100);
        try (Journal journal = open(new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS)), Duration.ZERO);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int vm = 0; vm < 100; vm++) {
                int v = vm;
                threads.submit(() -> {
                    for (int t = 0; t < 50; t++) {
                        journal.append(fleet.vmSample(v, 1_795_000_000L + 5L * t));
                    }
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            try (JournalReader reader = journal.reader("all")) {
                List<Observation> read = drain(reader);
                assertThat(read).hasSize(5_000);
                assertThat(new HashSet<>(read)).hasSize(5_000);
            }
        }
    }

    @Test
    void readerResumesAfterItsAcknowledgedEntryWhenReopened() {
        Fleet fleet = new Fleet(3, 1, 10);
        SetTimeProvider time = new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS));
        long acked;
        try (Journal journal = open(time, Duration.ZERO)) {
            for (int v = 0; v < 10; v++) {
                journal.append(fleet.vmSample(v, 1_795_000_000L));
            }
            try (JournalReader reader = journal.reader("usage")) {
                JournalEntry e = null;
                for (int i = 0; i < 4; i++) {
                    e = reader.poll();
                }
                acked = Objects.requireNonNull(e).index();
                reader.acknowledge(acked);
                reader.poll(); // read but never acknowledged: must be delivered again
                assertThat(reader.backlog()).isEqualTo(6);
            }
        }
        try (Journal journal = open(time, Duration.ZERO); JournalReader reader = journal.reader("usage")) {
            assertThat(reader.acknowledgedIndex()).isEqualTo(acked);
            List<Observation> rest = drain(reader);
            assertThat(rest).hasSize(6);
            assertThat(((VmSample) rest.getFirst()).vmUuid()).isEqualTo(fleet.vmUuids.get(4));
        }
    }

    @Test
    void retentionDeletesOnlyOldCyclesThatEveryReaderHasPassed() {
        Fleet fleet = new Fleet(4, 1, 1);
        SetTimeProvider time = new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS));
        try (Journal journal = open(time, Duration.ofSeconds(2))) {
            JournalReader fast = journal.reader("fast");
            JournalReader slow = journal.reader("slow");
            List<Long> firstIndexOfCycle = new ArrayList<>();
            for (int cycle = 0; cycle < 6; cycle++) {
                firstIndexOfCycle.add(journal.append(fleet.vmSample(0, 1_795_000_000L + cycle)));
                journal.append(fleet.vmSample(0, 1_795_000_000L + cycle + 100));
                time.advanceMillis(1_000);
            }
            assertThat(cycleFiles()).hasSize(6);
            assertThat(journal.applyRetention()).as("nobody acknowledged anything yet").isZero();

            fast.acknowledge(journal.lastIndex());
            slow.acknowledge(firstIndexOfCycle.get(2)); // slow is inside cycle 2
            int deleted = journal.applyRetention();
            assertThat(deleted).as("cycles 0 and 1 are passed by both readers and old enough").isEqualTo(2);
            assertThat(cycleFiles()).hasSize(4);

            slow.acknowledge(journal.lastIndex());
            // Cycles 2 and 3 ended >= 2 s ago; 4 ended 1 s ago and 5 is current: kept by age.
            assertThat(journal.applyRetention()).isEqualTo(2);
            assertThat(cycleFiles()).hasSize(2);
            assertThat(registry.counter(MetricNames.JOURNAL_CYCLES_DELETED).count()).isEqualTo(4);
            assertThat(slow.backlog()).isZero();
        }
    }

    @Test
    void backlogGaugeCountsEntriesNotYetAcknowledged() {
        Fleet fleet = new Fleet(5, 2, 5);
        try (Journal journal = open(new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS)), Duration.ZERO)) {
            JournalReader reader = journal.reader("db-writer");
            journal.appendAll(fleet.tick(1_795_000_000L));
            double gauge = registry.get(MetricNames.JOURNAL_BACKLOG).tag(MetricNames.TAG_READER, "db-writer").gauge().value();
            assertThat(gauge).isEqualTo(7);
            long last = 0;
            for (int i = 0; i < 3; i++) {
                last = reader.poll().index();
            }
            reader.acknowledge(last);
            assertThat(registry.get(MetricNames.JOURNAL_BACKLOG).tag(MetricNames.TAG_READER, "db-writer").gauge().value())
                    .isEqualTo(4);
        }
    }

    @Test
    void readerCanSeekToTheFirstEntryAppendedAtOrAfterATime() {
        Fleet fleet = new Fleet(6, 1, 1);
        SetTimeProvider time = new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS));
        try (Journal journal = open(time, Duration.ZERO)) {
            for (int i = 0; i < 20; i++) {
                journal.append(fleet.vmSample(0, 1_795_000_000L + i));
                time.advanceMillis(100); // two cycles of ten entries each
            }
            try (JournalReader reader = journal.reader("live")) {
                reader.moveToAppendTime(START_MILLIS + 1_350);
                JournalEntry e = reader.poll();
                assertThat(e.appendTimeMillis()).isEqualTo(START_MILLIS + 1_400);
                assertThat(((VmSample) e.observation()).timeSeconds()).isEqualTo(1_795_000_014L);
                reader.moveToAppendTime(START_MILLIS - 10_000);
                assertThat(((VmSample) reader.poll().observation()).timeSeconds()).isEqualTo(1_795_000_000L);
            }
        }
    }

    @Test
    void anUndecodableEntryIsCountedAndSkippedWithoutStoppingTheReader() {
        Fleet fleet = new Fleet(7, 1, 2);
        SetTimeProvider time = new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS));
        try (Journal journal = open(time, Duration.ZERO)) {
            journal.append(fleet.vmSample(0, 1_795_000_000L));
            // A record from a newer writer (unknown type byte), written straight through Chronicle.
            try (net.openhft.chronicle.queue.ChronicleQueue raw = net.openhft.chronicle.queue.ChronicleQueue.singleBuilder(dir)
                    .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(time).build();
                 net.openhft.chronicle.queue.ExcerptAppender appender = raw.createAppender();
                 net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 99).writeLong(START_MILLIS);
            }
            journal.append(fleet.vmSample(1, 1_795_000_000L));
            try (JournalReader reader = journal.reader("tolerant")) {
                assertThat(drain(reader)).extracting(o -> ((VmSample) o).vmUuid())
                        .containsExactly(fleet.vmUuids.get(0), fleet.vmUuids.get(1));
            }
        }
        assertThat(registry.counter(MetricNames.JOURNAL_UNDECODABLE, MetricNames.TAG_READER, "tolerant").count()).isEqualTo(1);
    }

    @Test
    void readerNamesAreValidatedAndUnique() {
        try (Journal journal = open(new SetTimeProvider(java.time.Instant.ofEpochMilli(START_MILLIS)), Duration.ZERO)) {
            assertThatThrownBy(() -> journal.reader("Bad Name")).hasMessageContaining("Bad Name");
            journal.reader("one");
            assertThatThrownBy(() -> journal.reader("one")).hasMessageContaining("already open");
        }
    }

    private Set<String> cycleFiles() {
        Set<String> names = new HashSet<>();
        for (File f : Objects.requireNonNull(dir.toFile().listFiles())) {
            if (f.getName().endsWith(".cq4")) {
                names.add(f.getName());
            }
        }
        return names;
    }

}
