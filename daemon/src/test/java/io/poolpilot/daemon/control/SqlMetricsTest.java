package io.poolpilot.daemon.control;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.api.model.MetricQuery;
import io.poolpilot.api.model.MetricSeries;
import io.poolpilot.api.model.Resolution;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Fleet;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.runtime.BlockingPool;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.DbWriterConfig;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metrics API's SQL on either flavour: raw samples, the 1-minute and the 1-hour rollups agree with a hand computation. */
class SqlMetricsTest {

    @TempDir
    static Path work;
    private static TestPostgres postgres;
    private static Vertx vertx;
    private static BlockingPool workers;
    private static SqlMetrics metrics;
    private static final Fleet FLEET = new Fleet(71, 1, 2);
    /** Two whole hours a day ago: a back-fill on TimescaleDB, past the aggregates' policy windows. */
    private static final long HOUR = Instant.now().minus(Duration.ofDays(1)).getEpochSecond() / 3600 * 3600 - 3600;

    @BeforeAll
    static void storeTwoHours() throws Exception {
        postgres = TestPostgres.start(work.resolve("pg"), false);
        DataSource ds = postgres.dataSource();
        StorageFlavour flavour = StoreSchema.prepare(ds, TestPostgres.choice());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Journal journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), registry)) {
            DbWriter writer = new DbWriter(DbWriterConfig.defaults().withBatch(5_000, Duration.ofMillis(50))
                    .withRollupInterval(Duration.ofMillis(100)), ds, journal.reader("db-writer"), flavour, registry,
                    Clock.systemUTC(), null);
            writer.start();
            journal.appendAll(FLEET.inventory(HOUR * 1000));
            for (long t = HOUR; t < HOUR + 7200; t += 5) {
                journal.appendAll(FLEET.tick(t));
            }
            long last = journal.lastIndex();
            Await.until(Duration.ofSeconds(60), "two hours stored and rolled up", () -> writer.committedIndex() == last
                    && Sql.count(ds, "SELECT count(*) FROM vm_sample_1h") == 4 && Sql.count(ds, "SELECT count(*) FROM vm_sample_1m") == 240);
            writer.close();
        }
        vertx = Vertx.vertx();
        workers = new BlockingPool("metrics-test", 2, registry);
        metrics = new SqlMetrics(new Db(vertx, ds, workers));
    }

    @AfterAll
    static void stop() throws Exception {
        workers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        postgres.close();
    }

    private static MetricSeries series(long from, long to, long stepSeconds) throws Exception {
        return metrics.vmSeries(FLEET.vmUuids.get(1), new MetricQuery(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to),
                Duration.ofSeconds(stepSeconds))).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).orElseThrow();
    }

    private static double meanCpu(long from, long to) {
        double sum = 0;
        int n = 0;
        for (long t = from; t < to; t += 5) {
            sum += Fleet.cpu(1, t);
            n++;
        }
        return sum / n;
    }

    @Test
    void rawMinuteAndHourSeriesMatchTheSamples() throws Exception {
        MetricSeries raw = series(HOUR + 600, HOUR + 660, 5);
        assertThat(raw.resolution()).isEqualTo(Resolution.RAW);
        int cpu = raw.metrics().indexOf("cpu_used_cores");
        assertThat(raw.points()).hasSize(12);
        assertThat(raw.points().get(3).values().get(cpu)).isCloseTo(Fleet.cpu(1, HOUR + 615), within(1e-9));

        MetricSeries minutes = series(HOUR, HOUR + 3600, 300);
        assertThat(minutes.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(minutes.points()).hasSize(12);
        assertThat(minutes.points().get(2).values().get(cpu)).isCloseTo(meanCpu(HOUR + 600, HOUR + 900), within(1e-9));

        MetricSeries hours = series(HOUR, HOUR + 7200, 3600);
        assertThat(hours.resolution()).isEqualTo(Resolution.HOUR);
        assertThat(hours.points()).hasSize(2);
        assertThat(hours.points().get(1).values().get(cpu)).isCloseTo(meanCpu(HOUR + 3600, HOUR + 7200), within(1e-9));
    }
}
