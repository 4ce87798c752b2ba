package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.billing.FeedPage;
import io.poolpilot.daemon.billing.UsageQueries;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The meter over a real Chronicle journal and a real PostgreSQL: exactly-once, adjustments, the feed. */
class UsageMeterTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final long H = Instant.parse("2026-11-02T00:00:00Z").getEpochSecond();
    private static TestPostgres postgres;

    @TempDir
    Path journalDir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(H), ZoneOffset.UTC);
    private final Fleet fleet = new Fleet(7, 2, 12);
    private DataSource ds;
    private Journal journal;
    private UsageMeter meter;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start(Files.createTempDirectory("pp-usage"), false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @AfterEach
    void stop() {
        if (meter != null) {
            meter.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    private void open() throws Exception {
        ds = postgres.createDatabase("u" + DATABASES.incrementAndGet());
        assertThat(StoreSchema.prepare(ds, TestPostgres.choice())).isInstanceOf(TestPostgres.flavourClass());
        journal = Journal.open(JournalConfig.defaults(journalDir), registry);
    }

    private void startMeter() {
        meter = new UsageMeter(UsageConfig.defaults().withFlushInterval(Duration.ofMillis(40)), ds,
                journal.reader(UsageMeter.READER_NAME), registry, clock);
        meter.start();
    }

    private void awaitCaughtUp() {
        long last = journal.lastIndex();
        Await.until(Duration.ofSeconds(30), "meter commits index " + Long.toHexString(last),
                () -> meter.committedIndex() == last);
    }

    /** Ticks for VMs from (from, to], each sample ending at t; the fleet's workloads are pure functions. */
    private void appendTicks(long from, long to) {
        for (long t = from + 5; t <= to; t += 5) {
            List<Observation> tick = new ArrayList<>();
            for (int v = 0; v < fleet.vmUuids.size(); v++) {
                tick.add(fleet.vmSample(v, t));
            }
            journal.appendAll(tick);
        }
    }

    private static double expectedCpuSeconds(int vm, long hourStart) {
        double sum = 0;
        for (long t = hourStart + 5; t <= hourStart + 3600; t += 5) {
            sum += Fleet.cpu(vm, t) * 5;
        }
        return sum;
    }

    @Test
    void restartsMidHourNeitherDoubleCountNorLoseAndMigrationOverlapCountsOnce() throws Exception {
        open();
        journal.appendAll(fleet.inventory(H * 1000));
        appendTicks(H, H + 1500);
        startMeter();
        awaitCaughtUp();
        meter.close();
        // Journaled while the meter is down, and the meter dies before committing part of it.
        appendTicks(H + 1500, H + 2400);
        meter = new UsageMeter(UsageConfig.defaults().withFlushInterval(Duration.ofHours(1)), ds,
                journal.reader(UsageMeter.READER_NAME), registry, clock);
        meter.start();
        Await.until(Duration.ofSeconds(10), "meter applied entries",
                () -> registry.find(MetricNames.USAGE_SAMPLES).tag("outcome", "counted").counter().count() > 1000);
        meter.close();
        // A migration: VM 0 is reported again by the other host for the last ten minutes.
        String otherHost = fleet.hostUuids.get(1 - fleet.hostUuids.indexOf(fleet.hostOf(0)));
        for (long t = H + 1800; t <= H + 2400; t += 5) {
            VmSample s = fleet.vmSample(0, t);
            journal.append(new VmSample(s.poolUuid(), otherHost, s.vmUuid(), t, 5, s.vcpus(), s.cpuUsedCores(),
                    s.memoryBytes(), s.memoryFreeBytes(), s.memoryTargetBytes(), s.diskReadBytesPerSecond(),
                    s.diskWriteBytesPerSecond(), s.netRxBytesPerSecond(), s.netTxBytesPerSecond()));
        }
        appendTicks(H + 2400, H + 3600 + 16 * 60);
        startMeter();
        awaitCaughtUp();

        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_record WHERE kind = 'hour'")).isEqualTo(12);
        for (int v = 0; v < fleet.vmUuids.size(); v++) {
            double cpu = (double) Sql.value(ds, "SELECT cpu_seconds FROM usage_record WHERE vm_uuid = '"
                    + fleet.vmUuids.get(v) + "' AND hour_start = to_timestamp(" + H + ")");
            assertThat(cpu).as("vm %d", v).isCloseTo(expectedCpuSeconds(v, H), within(1e-6));
        }
        assertThat((double) Sql.value(ds, "SELECT min(coverage) FROM usage_record")).isEqualTo(1.0);
        assertThat((String) Sql.value(ds, "SELECT account FROM usage_record WHERE vm_uuid = '" + fleet.vmUuids.get(3) + "'"))
                .isEqualTo("acct-3");
        assertThat(registry.find(MetricNames.USAGE_SAMPLES).tag("outcome", "duplicate").counter().count())
                .isEqualTo(121);
        // The next hour is still open and persisted as in-progress state.
        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_meter_state WHERE NOT closed")).isEqualTo(12);
        // The account rollup agrees with the records.
        assertThat((double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_account_hour"))
                .isCloseTo((double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_record"), within(1e-6));
    }

    @Test
    void aFailedCommitIsReplayedFromTheCommittedIndexWithoutDoubleCounting() throws Exception {
        open();
        journal.appendAll(fleet.inventory(H * 1000));
        appendTicks(H, H + 1200);
        startMeter();
        awaitCaughtUp();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE usage_meter_state RENAME TO usage_meter_state_away");
        }
        appendTicks(H + 1200, H + 3600 + 16 * 60);
        Await.until(Duration.ofSeconds(20), "a failed commit",
                () -> registry.find(MetricNames.USAGE_COMMIT_FAILURES).counter().count() >= 1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_record")).as("nothing half-written").isZero();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE usage_meter_state_away RENAME TO usage_meter_state");
        }
        awaitCaughtUp();
        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_record")).isEqualTo(12);
        for (int v = 0; v < fleet.vmUuids.size(); v++) {
            double cpu = (double) Sql.value(ds, "SELECT cpu_seconds FROM usage_record WHERE vm_uuid = '"
                    + fleet.vmUuids.get(v) + "'");
            assertThat(cpu).as("vm %d", v).isCloseTo(expectedCpuSeconds(v, H), within(1e-6));
        }
    }

    @Test
    void dataArrivingAfterCloseBecomesAnAdjustmentRecordNotAChange() throws Exception {
        open();
        journal.appendAll(fleet.inventory(H * 1000));
        for (long t = H + 5; t <= H + 3600 + 20 * 60; t += 5) {
            if (t == H + 1000) {
                continue; // this instant arrives late
            }
            journal.append(fleet.vmSample(0, t));
        }
        startMeter();
        awaitCaughtUp();
        Object firstId = Sql.value(ds, "SELECT record_id FROM usage_record");
        double firstCpu = (double) Sql.value(ds, "SELECT cpu_seconds FROM usage_record");
        journal.append(fleet.vmSample(0, H + 1000));
        journal.append(fleet.vmSample(0, H + 1000)); // delivered twice: still one adjustment of one instant
        awaitCaughtUp();

        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_record")).isEqualTo(2);
        assertThat(Sql.value(ds, "SELECT record_id FROM usage_record WHERE kind = 'hour'")).isEqualTo(firstId);
        assertThat((double) Sql.value(ds, "SELECT cpu_seconds FROM usage_record WHERE kind = 'hour'")).isEqualTo(firstCpu);
        assertThat(Sql.value(ds, "SELECT revision FROM usage_record WHERE kind = 'adjustment'")).isEqualTo(1);
        assertThat((double) Sql.value(ds, "SELECT covered_seconds FROM usage_record WHERE kind = 'adjustment'")).isEqualTo(5.0);
        assertThat((double) Sql.value(ds, "SELECT cpu_seconds FROM usage_record WHERE kind = 'adjustment'"))
                .isCloseTo(Fleet.cpu(0, H + 1000) * 5, within(1e-9));
        FeedPage feed = new UsageQueries(ds).feed(null, 10);
        assertThat(feed.records()).extracting(r -> r.kind().wireName()).containsExactly("hour", "adjustment");
    }

    @Test
    void pullingTheFeedWithAnyPageSizeFromAnyCursorYieldsEveryRecordExactlyOnce() throws Exception {
        open();
        journal.appendAll(fleet.inventory(H * 1000));
        appendTicks(H, H + 3 * 3600 + 16 * 60);
        startMeter();
        awaitCaughtUp();
        // Late data adds adjustments behind the hours.
        journal.append(fleet.vmSample(1, H + 3600 + 7)); // an instant off the 5 s grid: not counted before
        awaitCaughtUp();
        UsageQueries queries = new UsageQueries(ds);
        List<Long> all = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT record_seq FROM usage_record ORDER BY record_seq")) {
            while (rs.next()) {
                all.add(rs.getLong(1));
            }
        }
        assertThat(all).hasSize(3 * 12 + 1);
        Random random = new Random(42);
        for (int trial = 0; trial < 25; trial++) {
            int start = random.nextInt(all.size() + 1);
            String cursor = start == 0 ? null : UsageQueries.cursor(all.get(start - 1));
            int pageSize = 1 + random.nextInt(12);
            List<Long> pulled = new ArrayList<>();
            Set<java.util.UUID> ids = new HashSet<>();
            FeedPage page;
            do {
                page = queries.feed(cursor, pageSize);
                FeedPage again = queries.feed(cursor, pageSize);
                assertThat(again).as("pulling twice from one cursor").isEqualTo(page);
                page.records().forEach(r -> {
                    pulled.add(r.sequence());
                    assertThat(ids.add(r.recordId())).as("record id %s once", r.recordId()).isTrue();
                });
                cursor = page.nextCursor();
            } while (page.more());
            assertThat(pulled).as("trial %d from %d by %d", trial, start, pageSize).isEqualTo(all.subList(start, all.size()));
            assertThat(queries.feed(cursor, pageSize).records()).isEmpty();
        }
        Map<String, Integer> kinds = new HashMap<>();
        queries.feed(null, 1000).records().forEach(r -> kinds.merge(r.kind().wireName(), 1, Integer::sum));
        assertThat(kinds).containsEntry("hour", 36).containsEntry("adjustment", 1);
        // Every readable relation exists; day and month views agree with the records.
        for (String relation : UsageRelations.READABLE) {
            assertThat(Sql.value(ds, "SELECT to_regclass('" + relation + "') IS NOT NULL")).as(relation).isEqualTo(true);
        }
        double recordsCpu = (double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_record");
        assertThat((double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_account_day")).isCloseTo(recordsCpu, within(1e-6));
        assertThat((double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_account_month")).isCloseTo(recordsCpu, within(1e-6));
        assertThat(Sql.count(ds, "SELECT count(*) FROM usage_account_month")).isEqualTo(7);
        // Whole days read the daily rollup, other ranges the hourly one: both agree with the records.
        double acct1 = (double) Sql.value(ds, "SELECT sum(cpu_seconds) FROM usage_record WHERE account = 'acct-1'");
        Instant day = Instant.ofEpochSecond(H);
        assertThat(queries.usage(new io.poolpilot.daemon.billing.UsageQuery("acct-1", null, day, day.plusSeconds(86_400),
                io.poolpilot.daemon.billing.Granularity.DAY)).getFirst().amounts().cpuSeconds()).isCloseTo(acct1, within(1e-6));
        assertThat(queries.usage(new io.poolpilot.daemon.billing.UsageQuery("acct-1", null, day, day.plusSeconds(5 * 3600),
                io.poolpilot.daemon.billing.Granularity.DAY)).getFirst().amounts().cpuSeconds()).isCloseTo(acct1, within(1e-6));
    }
}
