package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.InventoryChange.VmSeen;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DbWriterTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    @TempDir
    static Path pgDir;
    private static TestPostgres postgres;

    @TempDir
    Path journalDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DataSource ds;
    private StorageFlavour flavour;
    private Journal journal;
    private DbWriter writer;
    /** Writer clock: 40 minutes after the start of the test data, on a whole hour boundary + 40 min. */
    private final long baseSecond = Instant.now().getEpochSecond() / 3600 * 3600 - 3600;
    private Clock clock = Clock.fixed(Instant.ofEpochSecond(baseSecond + 2 * 3600), ZoneOffset.UTC);

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start(pgDir, false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private void open(TestInfo info) throws Exception {
        ds = postgres.createDatabase("w" + DATABASES.incrementAndGet());
        flavour = StoreSchema.prepare(ds, TestPostgres.choice());
        assertThat(flavour).isInstanceOf(TestPostgres.flavourClass());
        journal = Journal.open(JournalConfig.defaults(journalDir), registry);
        startWriter(flavour);
    }

    private void startWriter(StorageFlavour flavour) {
        DbWriterConfig config = DbWriterConfig.defaults().withBatch(5_000, Duration.ofMillis(50))
                .withRollupInterval(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(200));
        writer = new DbWriter(config, ds, journal.reader("db-writer"), flavour, registry, clock, null);
        writer.start();
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    private void awaitCommitted() {
        long last = journal.lastIndex();
        Await.until(Duration.ofSeconds(30), "writer commits index " + Long.toHexString(last), () -> writer.committedIndex() == last);
    }

    private double skipped(SkipReason reason) {
        return registry.counter(MetricNames.STORE_ROWS_SKIPPED, MetricNames.TAG_REASON, reason.tag()).count();
    }

    @Test
    void writesEverySampleOnceWithDimensionsAndPlacementHistory(TestInfo info) throws Exception {
        open(info);
        Fleet fleet = new Fleet(11, 3, 30);
        journal.appendAll(fleet.inventory(baseSecond * 1000));
        for (int t = 0; t < 10; t++) {
            journal.appendAll(fleet.tick(baseSecond + 5L * t));
        }
        // VM 0 migrates from host 0 to host 1, then halts.
        journal.append(new VmSeen(fleet.poolUuid, fleet.vmUuids.get(0), "vm-0", fleet.hostUuids.get(1), PowerState.RUNNING,
                4, 8L << 30, "acct-0", Map.of(), (baseSecond + 60) * 1000));
        journal.append(new VmSeen(fleet.poolUuid, fleet.vmUuids.get(0), "vm-0", null, PowerState.HALTED,
                4, 8L << 30, "acct-0", Map.of(), (baseSecond + 120) * 1000));
        awaitCommitted();

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(300);
        assertThat(Sql.count(ds, "SELECT count(DISTINCT (vm_id, ts)) FROM vm_sample")).isEqualTo(300);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(30);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm")).isEqualTo(30);
        assertThat(Sql.value(ds, "SELECT billing_account FROM vm WHERE name = 'vm-7'")).isEqualTo("acct-0");
        assertThat(Sql.value(ds, "SELECT labels->>'anti-affinity' FROM vm WHERE name = 'vm-7'")).isEqualTo("group-1");
        assertThat(Sql.value(ds, "SELECT queue_index FROM journal_watermark WHERE reader = 'db-writer'")).isEqualTo(journal.lastIndex());
        assertThat(Sql.value(ds, "SELECT string_agg(h.name || ':' || (p.valid_to IS NULL), ',' ORDER BY p.valid_from)"
                + " FROM vm_placement p JOIN vm v USING (vm_id) JOIN host h USING (host_id) WHERE v.name = 'vm-0'"))
                .isEqualTo("host-0:false,host-1:false");
        assertThat(Sql.value(ds, "SELECT power_state FROM vm WHERE name = 'vm-0'")).isEqualTo("halted");
        assertThat(registry.counter(MetricNames.STORE_ROWS_WRITTEN, MetricNames.TAG_TABLE, "vm_sample").count()).isEqualTo(300);
    }

    @Test
    void badSamplesAreCountedAndSkippedWhileTheirBatchIsStored(TestInfo info) throws Exception {
        open(info);
        Fleet fleet = new Fleet(12, 2, 4);
        Fleet stranger = new Fleet(13, 1, 1);
        journal.appendAll(fleet.inventory(baseSecond * 1000));
        long t = baseSecond + 600;
        VmSample good = fleet.vmSample(0, t);
        VmSample absentMetrics = new VmSample(fleet.poolUuid, fleet.hostOf(1), fleet.vmUuids.get(1), t, 5, 4, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 2, 3);
        VmSample unknownVm = stranger.vmSample(0, t);
        VmSample unknownHost = new VmSample(fleet.poolUuid, stranger.hostUuids.getFirst(), fleet.vmUuids.get(2), t, 5, 4,
                1, 1, 1, 1, 1, 1, 1, 1);
        VmSample future = fleet.vmSample(3, clock.instant().getEpochSecond() + 3600);
        VmSample ancient = fleet.vmSample(3, clock.instant().getEpochSecond() - 10 * 86_400);
        VmSample tooBig = new VmSample(fleet.poolUuid, fleet.hostOf(2), fleet.vmUuids.get(2), t, 5, 4, 1, 1e19, 1, 1, 1, 1, 1, 1);
        // VM 0 reported for the same instant by the other host while migrating: the first report wins.
        VmSample migrationEcho = new VmSample(fleet.poolUuid, fleet.hostUuids.get(1), fleet.vmUuids.get(0), t, 5, 4,
                3.5, 1, 1, 1, 1, 1, 1, 1);
        journal.appendAll(java.util.List.of(good, absentMetrics, unknownVm, unknownHost, future, ancient, tooBig, migrationEcho));
        awaitCommitted();

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(2);
        assertThat(Sql.value(ds, "SELECT h.host_uuid FROM vm_sample s JOIN host h USING (host_id) JOIN vm v USING (vm_id)"
                + " WHERE v.vm_uuid = '" + fleet.vmUuids.get(0) + "'")).isEqualTo(fleet.hostOf(0));
        assertThat(Sql.value(ds, "SELECT s.cpu_used_cores IS NULL AND s.memory_bytes IS NULL AND s.net_tx_bytes_per_second = 3"
                + " FROM vm_sample s JOIN vm v USING (vm_id) WHERE v.name = 'vm-1'")).isEqualTo(true);
        assertThat(skipped(SkipReason.UNKNOWN_VM)).isEqualTo(1);
        assertThat(skipped(SkipReason.UNKNOWN_HOST)).isEqualTo(1);
        assertThat(skipped(SkipReason.FUTURE_TIMESTAMP)).isEqualTo(1);
        assertThat(skipped(SkipReason.TOO_OLD)).isEqualTo(1);
        assertThat(skipped(SkipReason.OUT_OF_RANGE)).isEqualTo(1);
        assertThat(skipped(SkipReason.DUPLICATE_INSTANT)).isEqualTo(1);
    }

    @Test
    void aSampleForAnInstantAlreadyStoredIsSkippedAlsoAfterAWriterRestart(TestInfo info) throws Exception {
        open(info);
        Fleet fleet = new Fleet(14, 2, 3);
        journal.appendAll(fleet.inventory(baseSecond * 1000));
        journal.appendAll(fleet.tick(baseSecond + 300));
        awaitCommitted();
        // Same instant again from the other host in a later batch: the writer knows it stored it.
        journal.append(new VmSample(fleet.poolUuid, fleet.hostUuids.get(1), fleet.vmUuids.get(0), baseSecond + 300, 5, 4,
                3.9, 1, 1, 1, 1, 1, 1, 1));
        journal.appendAll(fleet.tick(baseSecond + 305));
        awaitCommitted();
        assertThat(skipped(SkipReason.DUPLICATE_INSTANT)).isEqualTo(1);

        // A fresh writer has no memory of what it stored: the database's key catches the collision.
        writer.close();
        startWriterAgain();
        journal.append(new VmSample(fleet.poolUuid, fleet.hostUuids.get(1), fleet.vmUuids.get(2), baseSecond + 305, 5, 4,
                3.9, 1, 1, 1, 1, 1, 1, 1));
        journal.appendAll(fleet.tick(baseSecond + 310));
        awaitCommitted();
        assertThat(skipped(SkipReason.DUPLICATE_INSTANT)).isEqualTo(2);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(9);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample WHERE cpu_used_cores = 3.9")).isZero();
    }

    @Test
    void aRowTheDatabaseRefusesIsSkippedAndTheRestOfItsBatchIsStored(TestInfo info) throws Exception {
        open(info);
        // A rule only the database knows about: the writer's validation cannot see it coming.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE vm_sample ADD CONSTRAINT cpu_below_a_thousand_cores CHECK (cpu_used_cores < 1000)");
        }
        Fleet fleet = new Fleet(16, 2, 6);
        journal.appendAll(fleet.inventory(baseSecond * 1000));
        journal.appendAll(fleet.tick(baseSecond + 100));
        journal.append(new VmSample(fleet.poolUuid, fleet.hostOf(3), fleet.vmUuids.get(3), baseSecond + 105, 5, 4,
                5_000, 1, 1, 1, 1, 1, 1, 1));
        journal.appendAll(fleet.tick(baseSecond + 110));
        awaitCommitted();

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(12);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(4);
        assertThat(skipped(SkipReason.REJECTED_BY_DATABASE)).isEqualTo(1);
        assertThat(Sql.value(ds, "SELECT queue_index FROM journal_watermark")).isEqualTo(journal.lastIndex());
    }

    private void startWriterAgain() {
        journal.close();
        journal = Journal.open(JournalConfig.defaults(journalDir), registry);
        startWriter(flavour);
    }

    @Test
    @Tag("plain-only")
    void dayPartitionsAreCreatedAheadAndDroppedAfterRetention(TestInfo info) throws Exception {
        clock = Clock.systemUTC();
        open(info);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Await.until(Duration.ofSeconds(10), "partitions ahead", () ->
                Sql.count(ds, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'vm_sample'::regclass") >= 3);
        for (int d = 0; d <= 2; d++) {
            String name = PartitionMaintainer.partitionName("vm_sample", today.plusDays(d));
            assertThat(Sql.value(ds, "SELECT to_regclass('" + name + "') IS NOT NULL")).as(name).isEqualTo(true);
        }
        PartitionMaintainer partitions = new PartitionMaintainer();
        try (Connection c = ds.getConnection()) {
            partitions.ensureDay(c, today.minusDays(40));
            assertThat(partitions.dropBefore(c, today.minusDays(30))).isEqualTo(2);
        }
        assertThat(Sql.value(ds, "SELECT to_regclass('" + PartitionMaintainer.partitionName("host_sample", today.minusDays(40))
                + "') IS NULL")).isEqualTo(true);
    }

    @Test
    @Tag("plain-only")
    void rollupsOutliveRawSamplesAndGoAfterTheirOwnRetention(TestInfo info) throws Exception {
        open(info);
        DbWriterConfig config = DbWriterConfig.defaults();
        assertThat(config.minuteRollupRetentionDays()).isGreaterThan(config.rawRetentionDays());
        assertThat(config.hourRollupRetentionDays()).isGreaterThan(config.minuteRollupRetentionDays());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (int days : new int[] {40, 89, 91}) {
                st.execute("INSERT INTO vm_sample_1m (bucket, vm_id, sample_count) VALUES (now() - interval '" + days + " days', 1, 12)");
            }
            for (int days : new int[] {100, 729, 731}) {
                st.execute("INSERT INTO host_sample_1h (bucket, host_id, sample_count) VALUES (now() - interval '" + days + " days', 1, 720)");
            }
            Instant now = Instant.now();
            assertThat(RollupMaintainer.deleteOlderThan(c, now.minus(Duration.ofDays(config.minuteRollupRetentionDays())),
                    now.minus(Duration.ofDays(config.hourRollupRetentionDays())))).isEqualTo(2);
        }
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1m")).as("40 and 89 days old: kept").isEqualTo(2);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample_1h")).as("100 and 729 days old: kept").isEqualTo(2);
    }

    @Test
    void rollupsMatchAHandComputation(TestInfo info) throws Exception {
        open(info);
        Fleet fleet = new Fleet(15, 1, 2);
        // A day old (a back-fill, as after an outage): on TimescaleDB past the aggregates' policy windows.
        long baseSecond = this.baseSecond - 86_400;
        journal.appendAll(fleet.inventory(baseSecond * 1000));
        // 70 minutes of 5 s samples: hour [base, base+1h) is complete, the next hour partly filled.
        for (long s = baseSecond; s < baseSecond + 70 * 60; s += 5) {
            journal.appendAll(fleet.tick(s));
        }
        awaitCommitted();
        Await.until(Duration.ofSeconds(60), "rollups up to date", () -> Sql.count(ds, "SELECT count(*) FROM vm_sample_1m") == 2 * 70
                && Sql.count(ds, "SELECT count(*) FROM vm_sample_1h") == 2 * 2 && Sql.count(ds, "SELECT count(*) FROM "
                + (TestPostgres.timescale() ? Relations.ROLLUP_REFRESH : Relations.ROLLUP_DIRTY)) == 0);

        long minute = baseSecond + 17 * 60;
        double sum = 0;
        double max = 0;
        for (long s = minute; s < minute + 60; s += 5) {
            sum += Fleet.cpu(1, s);
            max = Math.max(max, Fleet.cpu(1, s));
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sample_count, cpu_used_cores_avg, cpu_used_cores_max, memory_free_bytes_min"
                     + " FROM vm_sample_1m r JOIN vm v USING (vm_id) WHERE v.name = 'vm-1' AND bucket = to_timestamp(" + minute + ")")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(12);
            assertThat(rs.getDouble(2)).isCloseTo(sum / 12, within(1e-9));
            assertThat(rs.getDouble(3)).isEqualTo(max);
            assertThat(rs.getLong(4)).isEqualTo((2L << 30) + 1);
        }
        double hourSum = 0;
        for (long s = baseSecond; s < baseSecond + 3600; s += 5) {
            hourSum += Fleet.cpu(0, s);
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sample_count, cpu_used_cores_avg FROM vm_sample_1h r JOIN vm v USING (vm_id)"
                     + " WHERE v.name = 'vm-0' AND bucket = to_timestamp(" + baseSecond + ")")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(720);
            assertThat(rs.getDouble(2)).isCloseTo(hourSum / 720, within(1e-9));
        }
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1m")).isEqualTo(2 * 70);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample_1m")).isEqualTo(70);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1h")).isEqualTo(2 * 2);
        assertThat(Sql.value(ds, "SELECT host_sample_1h.sample_count FROM host_sample_1h WHERE bucket = to_timestamp(" + baseSecond + ")"))
                .isEqualTo(720L);
    }
}
