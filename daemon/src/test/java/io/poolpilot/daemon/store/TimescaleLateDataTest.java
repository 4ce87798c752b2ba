package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.VmSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Late data on a real TimescaleDB: what the writer accepts reaches the continuous aggregates (their
 * policies look back only an hour), also in compressed chunks, and no refresh deletes rollups whose raw
 * samples retention has dropped.
 */
@Tag("timescaledb")
class TimescaleLateDataTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    @TempDir
    static Path pgDir;
    private static TestPostgres postgres;

    @TempDir
    Path journalDir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Fleet fleet = new Fleet(61, 1, 2);
    private DataSource ds;
    private StorageFlavour flavour;
    private Journal journal;
    private DbWriter writer;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start(pgDir, false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void open() throws Exception {
        ds = postgres.createDatabase("late" + DATABASES.incrementAndGet());
        flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALEDB);
        journal = Journal.open(JournalConfig.defaults(journalDir), registry);
        startWriter();
        journal.appendAll(fleet.inventory(System.currentTimeMillis()));
    }

    private void startWriter() {
        DbWriterConfig config = DbWriterConfig.defaults().withBatch(5_000, Duration.ofMillis(50))
                .withRollupInterval(Duration.ofMillis(100)).withMaxBackoff(Duration.ofMillis(200));
        writer = new DbWriter(config, ds, journal.reader("db-writer"), flavour, registry, Clock.systemUTC(), null);
        writer.start();
    }

    @AfterEach
    void close() {
        writer.close();
        journal.close();
    }

    private void awaitCommitted() {
        long last = journal.lastIndex();
        Await.until(Duration.ofSeconds(30), "writer commits index " + Long.toHexString(last), () -> writer.committedIndex() == last);
    }

    private long minuteCount(int vm, long minuteSecond) {
        return Sql.count(ds, "SELECT coalesce(sum(sample_count), 0) FROM vm_sample_1m r JOIN vm v USING (vm_id)"
                + " WHERE v.name = 'vm-" + vm + "' AND bucket = to_timestamp(" + minuteSecond + ")");
    }

    private long hourCount(int vm, long hourSecond) {
        return Sql.count(ds, "SELECT coalesce(sum(sample_count), 0) FROM vm_sample_1h r JOIN vm v USING (vm_id)"
                + " WHERE v.name = 'vm-" + vm + "' AND bucket = to_timestamp(" + hourSecond + ")");
    }

    @Test
    void aSampleTwoDaysLateReachesTheMinuteAndHourRollupsAlsoInACompressedChunk() throws Exception {
        long hour = Instant.now().minus(Duration.ofDays(2)).getEpochSecond() / 3600 * 3600;
        long minute = hour + 17 * 60;
        for (long t = minute; t < minute + 60; t += 5) {
            journal.appendAll(fleet.tick(t));
        }
        awaitCommitted();
        Await.until(Duration.ofSeconds(30), "two-day-old minute in both rollups",
                () -> minuteCount(0, minute) == 12 && hourCount(0, hour) == 12 && hourCount(1, hour) == 12);
        double expected = 0;
        for (long t = minute; t < minute + 60; t += 5) {
            expected += Fleet.cpu(1, t) / 12;
        }
        assertThat((Double) Sql.value(ds, "SELECT cpu_used_cores_avg FROM vm_sample_1m r JOIN vm v USING (vm_id)"
                + " WHERE v.name = 'vm-1' AND bucket = to_timestamp(" + minute + ")")).isCloseTo(expected, within(1e-9));
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.ROLLUP_REFRESH)).isZero();

        // Compression (after 2 days by policy) done now: later samples land in a compressed chunk.
        assertThat(Sql.count(ds, "SELECT count(compress_chunk(c)) FROM show_chunks('vm_sample', older_than => now() - interval '1 day') c"))
                .isPositive();
        // A fresh writer has no memory of what it stored: an instant already stored (in the compressed chunk)
        // is caught by the key on the tolerant path, while the new late samples are stored and rolled up.
        writer.close();
        journal.close();
        journal = Journal.open(JournalConfig.defaults(journalDir), registry);
        startWriter();
        long later = minute + 25 * 60;
        journal.appendAll(List.of(new VmSample(fleet.poolUuid, fleet.hostOf(0), fleet.vmUuids.get(0), minute, 5, 4,
                3.9, 1, 1, 1, 1, 1, 1, 1)));
        journal.appendAll(fleet.tick(later));
        awaitCommitted();
        Await.until(Duration.ofSeconds(30), "the later minute in both rollups",
                () -> minuteCount(0, later) == 1 && minuteCount(1, later) == 1 && hourCount(0, hour) == 13);
        assertThat(registry.counter(MetricNames.STORE_ROWS_SKIPPED, MetricNames.TAG_REASON, SkipReason.DUPLICATE_INSTANT.tag())
                .count()).isEqualTo(1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample WHERE cpu_used_cores = 3.9")).isZero();
        assertThat(minuteCount(0, minute)).as("the duplicate changed nothing").isEqualTo(12);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample_1h WHERE bucket = to_timestamp(" + hour + ")")).isEqualTo(1);
        assertThat(registry.counter(MetricNames.STORE_BACKFILL_REFRESHED).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noRollupRowOlderThanRawRetentionIsLostByARefresh() throws Exception {
        journal.appendAll(fleet.tick(Instant.now().getEpochSecond() - 120));
        awaitCommitted();
        // Two hours 35 days old: raw samples, then their rollups, then retention drops the raw samples.
        long old = Instant.now().minus(Duration.ofDays(35)).getEpochSecond() / 3600 * 3600;
        long older = old - 3600;
        for (long h : new long[] {older, old}) {
            execute("INSERT INTO vm_sample (ts, vm_id, host_id, step_seconds, vcpus, cpu_used_cores)"
                    + " SELECT to_timestamp(" + h + ") + make_interval(secs => 5 * i), v.vm_id, h.host_id, 5, 4, 0.5"
                    + " FROM generate_series(0, 719) AS i, vm v, host h");
            for (String aggregate : TimescaleMaintenance.AGGREGATES) {
                execute("CALL refresh_continuous_aggregate('" + aggregate + "', to_timestamp(" + h + "), to_timestamp("
                        + (h + 3600) + "))");
            }
        }
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1m WHERE bucket < now() - interval '30 days'")).isEqualTo(2 * 2 * 60);
        execute("SELECT drop_chunks('vm_sample', older_than => now() - interval '30 days')"); // what the retention policy does
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample WHERE ts < now() - interval '30 days'")).isZero();

        // The danger: a plain refresh over an hour whose samples are gone deletes its rollups.
        execute("CALL refresh_continuous_aggregate('vm_sample_1m', to_timestamp(" + older + "), to_timestamp(" + (older + 3600) + "))");
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1m WHERE bucket = to_timestamp(" + older + ")")).isZero();

        // The writer finds that hour recorded (as a long outage would leave it) and a fresh two-day-late sample.
        execute("INSERT INTO " + Relations.ROLLUP_REFRESH + " (bucket) VALUES (to_timestamp(" + old + "))");
        long lateHour = Instant.now().minus(Duration.ofDays(2)).getEpochSecond() / 3600 * 3600;
        journal.appendAll(fleet.tick(lateHour + 60));
        awaitCommitted();
        Await.until(Duration.ofSeconds(30), "recorded hours handled", () ->
                Sql.count(ds, "SELECT count(*) FROM " + Relations.ROLLUP_REFRESH) == 0 && hourCount(0, lateHour) == 1);

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1m WHERE bucket >= to_timestamp(" + old + ")"
                + " AND bucket < to_timestamp(" + (old + 3600) + ")")).as("the 35-day-old minutes kept").isEqualTo(2 * 60);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample_1h WHERE bucket = to_timestamp(" + old + ")"))
                .as("and its hour").isEqualTo(2);
        assertThat(Sql.value(ds, "SELECT sum(sample_count)::int FROM vm_sample_1h WHERE bucket = to_timestamp(" + old + ")"))
                .isEqualTo(2 * 720);
        assertThat(registry.counter(MetricNames.STORE_BACKFILL_PAST_RETENTION).count()).isEqualTo(1);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
