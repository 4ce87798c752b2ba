package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.metrics.MetricNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The database goes away under a running writer and comes back on the same data directory and port. */
class DatabaseOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageTest.class);

    @TempDir
    Path work;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestPostgres postgres;
    private Journal journal;
    private DbWriter writer;
    private DataSource ds;
    private final long now = Instant.now().getEpochSecond() / 5 * 5;

    @BeforeEach
    void start() throws Exception {
        postgres = TestPostgres.start(work.resolve("pg"), false);
        ds = postgres.dataSource();
        StorageFlavour flavour = StoreSchema.prepare(ds, TestPostgres.choice());
        assertThat(flavour).isInstanceOf(TestPostgres.flavourClass());
        journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), registry);
        DbWriterConfig config = DbWriterConfig.defaults().withBatch(20_000, Duration.ofMillis(100))
                .withMaxBackoff(Duration.ofMillis(250));
        writer = new DbWriter(config, ds, journal.reader("db-writer"), flavour, registry, Clock.systemUTC(), null);
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.close();
        journal.close();
        postgres.close();
    }

    private double backlog() {
        return registry.get(MetricNames.JOURNAL_BACKLOG).tag(MetricNames.TAG_READER, "db-writer").gauge().value();
    }

    private void awaitAllCommitted(Duration timeout) {
        long last = journal.lastIndex();
        Await.until(timeout, "writer commits everything", () -> writer.committedIndex() == last);
    }

    @Test
    void writerSurvivesADatabaseRestartWhileSamplesKeepComingWithoutLossOrDuplicates() throws Exception {
        Fleet fleet = new Fleet(31, 4, 200);
        journal.appendAll(fleet.inventory(now * 1000));
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong ticks = new AtomicLong();
        Thread collector = Thread.ofVirtual().start(() -> {
            // Like the collector: a tick every few milliseconds, whatever the database does.
            long t = now - 3600;
            while (appending.get()) {
                journal.appendAll(fleet.tick(t));
                t += 5;
                ticks.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        });
        Await.until(Duration.ofSeconds(20), "some rows before the outage", () -> Sql.count(ds, "SELECT count(*) FROM vm_sample") > 0);

        postgres.stop();
        long ticksAtStop = ticks.get();
        Await.until(Duration.ofSeconds(20), "ticks appended while the database is down", () -> ticks.get() >= ticksAtStop + 20);
        double backlogDuringOutage = backlog();
        Await.until(Duration.ofSeconds(20), "backlog grows while the database is down", () -> backlog() > backlogDuringOutage);
        assertThat(backlog()).isGreaterThan(20 * 204 - 1);

        postgres.restart();
        Await.until(Duration.ofSeconds(20), "ticks after recovery", () -> ticks.get() >= ticksAtStop + 40);
        appending.set(false);
        collector.join();
        awaitAllCommitted(Duration.ofSeconds(60));

        long expectedVmRows = ticks.get() * 200;
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(expectedVmRows);
        assertThat(Sql.count(ds, "SELECT count(DISTINCT (vm_id, ts)) FROM vm_sample")).isEqualTo(expectedVmRows);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(ticks.get() * 4);
        assertThat(registry.counter(MetricNames.STORE_ROWS_SKIPPED, MetricNames.TAG_REASON, "duplicate_instant").count()).isZero();
        assertThat(registry.counter(MetricNames.STORE_WRITE_RETRIES).count()).isPositive();
        assertThat(backlog()).isZero();
    }

    @Test
    void writerCatchesUpAfterATwoMinuteOutageOfManyVms() {
        Fleet fleet = new Fleet(32, 20, 2_000);
        journal.appendAll(fleet.inventory(now * 1000));
        journal.appendAll(fleet.tick(now - 125));
        awaitAllCommitted(Duration.ofSeconds(30));

        postgres.stop();
        // Two minutes of 5 s samples (24 ticks x 2,020 entities) pile up in the journal.
        for (long t = now - 120; t <= now - 5; t += 5) {
            journal.appendAll(fleet.tick(t));
        }
        assertThat(backlog()).isEqualTo(24 * 2_020);

        postgres.restart();
        long recovered = System.nanoTime();
        awaitAllCommitted(Duration.ofSeconds(90));
        double seconds = (System.nanoTime() - recovered) / 1e9;
        LOG.info("caught up {} samples in {} s after the database came back ({} samples/s, including reconnect backoff)",
                24 * 2_020, String.format("%.2f", seconds), Math.round(24 * 2_020 / seconds));

        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(25 * 2_000);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(25 * 20);
        assertThat(backlog()).isZero();
        assertThat(seconds).as("catch-up of 2 minutes of data takes well under 2 minutes").isLessThan(60);
    }
}
