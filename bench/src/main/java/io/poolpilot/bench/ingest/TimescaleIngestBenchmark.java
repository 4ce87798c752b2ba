package io.poolpilot.bench.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.store.CopyFormat;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.DbWriterConfig;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The ingest benchmark on a real TimescaleDB server ({@code ./poolpilot bench-timescaledb}, which starts one
 * on loopback): journal -> DB writer vs raw binary COPY into the hypertables at 20,000 VMs, then the
 * compression ratio and the disk per 1,000 VMs per day after compression. Writes bench-results/timescaledb-ingest.md.
 */
public final class TimescaleIngestBenchmark {

    private static final int STEP = 5;
    private final EchoedReport report = new EchoedReport();

    public static void main(String[] argv) throws Exception {
        String url = System.getenv("POOLPILOT_TIMESCALEDB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("POOLPILOT_TIMESCALEDB_URL is not set: run ./poolpilot bench-timescaledb");
        }
        new TimescaleIngestBenchmark().run(url, Path.of(argv.length > 0 ? argv[0] : "bench-results/timescaledb-ingest.md"));
    }

    private void run(String url, Path out) throws Exception {
        report.line("# Ingest on TimescaleDB");
        report.line("");
        DataSource admin = dataSource(url, "postgres");
        report.line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ", " + text(admin, "SELECT 'TimescaleDB ' || default_version || ' on PostgreSQL '"
                + " || current_setting('server_version') FROM pg_available_extensions WHERE name = 'timescaledb'")
                + " (loopback server from ../shared/timescaledb, default settings, fsync on).");
        report.line("**The machine (2 cores) was shared with other helpers' builds and tests during this run: figures are noisy.**");
        report.line("");
        throughput(url, admin, 20_000, 500, 3);
        compression(url, admin, 1_000, 25, 6);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.text(), StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private void throughput(String url, DataSource admin, int vms, int hosts, int minutes) throws Exception {
        DataSource ds = freshDatabase(url, admin, "bench_ts_throughput");
        StorageFlavour flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALEDB);
        SyntheticEstate estate = new SyntheticEstate(vms, hosts, STEP, new Random(42));
        Path work = Files.createTempDirectory("bench-ts");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DbWriterConfig config = DbWriterConfig.defaults();
        int ticks = minutes * 60 / STEP;
        long samples = (long) ticks * (vms + hosts);
        // Recent data (the policies' window, no back-fill refresh): the steady state of a live daemon.
        long start = Instant.now().getEpochSecond() / STEP * STEP - minutes * 60L - 60;
        try (Journal journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), registry)) {
            journal.appendAll(estate.inventory(System.currentTimeMillis()));
            journal.appendAll(estate.tick(start - STEP, new Random(1)));
            writeAll(journal, ds, flavour, registry, config);
            RawCopyBaseline baseline = new RawCopyBaseline(ds, estate);
            double raw = Double.MAX_VALUE;
            double pipeline = Double.MAX_VALUE;
            Random r = new Random(7);
            for (int round = 0; round < 3; round++) {
                truncate(ds);
                raw = Math.min(raw, baseline.copySeconds(CopyFormat.BINARY, start + round, ticks, config.maxBatchEntries()));
                truncate(ds);
                for (int i = 0; i < ticks; i++) {
                    journal.appendAll(estate.tick(start + round + (long) i * STEP, r));
                }
                pipeline = Math.min(pipeline, writeAll(journal, ds, flavour, registry, config));
            }
            report.line("## Throughput into the hypertables (" + vms + " VMs + " + hosts + " hosts, " + minutes
                    + " simulated minutes = " + samples + " samples, best of 3)");
            report.line("");
            report.line("| path | seconds | samples/s | vs raw binary COPY |");
            report.line("|---|---|---|---|");
            report.line(String.format(Locale.ROOT, "| raw binary COPY into vm_sample/host_sample | %.2f | %,.0f | 100%% |", raw, samples / raw));
            report.line(String.format(Locale.ROOT, "| journal -> DB writer, binary COPY | %.2f | %,.0f | %.0f%% |", pipeline,
                    samples / pipeline, 100 * raw / pipeline));
            report.line("");
        }
    }

    private void compression(String url, DataSource admin, int vms, int hosts, int hours) throws Exception {
        DataSource ds = freshDatabase(url, admin, "bench_ts_compression");
        StorageFlavour flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALEDB);
        SyntheticEstate estate = new SyntheticEstate(vms, hosts, STEP, new Random(43));
        Path work = Files.createTempDirectory("bench-ts-c");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Two days back: what compress_after => 2 days finds, and a back-fill the writer refreshes.
        long start = (Instant.now().getEpochSecond() - 2 * 86_400) / 86_400 * 86_400;
        int ticks = hours * 3600 / STEP;
        try (Journal journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), registry)) {
            journal.appendAll(estate.inventory(System.currentTimeMillis()));
            Random r = new Random(9);
            for (int i = 0; i < ticks; i++) {
                journal.appendAll(estate.tick(start + (long) i * STEP, r));
            }
            writeAll(journal, ds, flavour, registry, DbWriterConfig.defaults());
        }
        long rows = count(ds, "SELECT count(*) FROM vm_sample");
        long before = count(ds, "SELECT hypertable_size('vm_sample')");
        long compressStart = System.nanoTime();
        count(ds, "SELECT count(compress_chunk(c)) FROM show_chunks('vm_sample') c");
        double compressSeconds = (System.nanoTime() - compressStart) / 1e9;
        count(ds, "VACUUM ANALYZE vm_sample");
        long after = count(ds, "SELECT hypertable_size('vm_sample')");
        double perDay = after * (24.0 / hours) * (1000.0 / vms);
        report.line("## Compression (" + vms + " VMs, " + hours + " hours of 5 s samples = " + rows + " vm_sample rows)");
        report.line("");
        report.line("| figure | value |");
        report.line("|---|---|");
        report.line(String.format(Locale.ROOT, "| vm_sample before compression (heap + indexes) | %.1f MiB (%.0f bytes/row) |",
                before / 1048576.0, (double) before / rows));
        report.line(String.format(Locale.ROOT, "| after compress_chunk (segment by vm_id, order by ts desc) | %.1f MiB (%.1f bytes/row) |",
                after / 1048576.0, (double) after / rows));
        report.line(String.format(Locale.ROOT, "| **compression ratio** | **%.1fx** |", (double) before / after));
        report.line(String.format(Locale.ROOT, "| **disk per 1,000 VMs per day after compression** (vm_sample, extrapolated from %d h) | **%.1f MiB** |",
                hours, perDay / 1048576.0));
        report.line(String.format(Locale.ROOT, "| compress_chunk time | %.1f s |", compressSeconds));
        report.line("");
        report.line("The synthetic workload's metrics are random walks (SyntheticEstate), less regular than most real VMs: "
                + "real estates compress at least as well.");
    }

    private static double writeAll(Journal journal, DataSource ds, StorageFlavour flavour, SimpleMeterRegistry registry,
                                   DbWriterConfig config) {
        long last = journal.lastIndex();
        long[] first = {0};
        long[] lastCommit = {0};
        try (JournalReader reader = journal.reader("db-writer");
             DbWriter writer = new DbWriter(config, ds, reader, flavour, registry, Clock.systemUTC(), batch -> {
                 long now = System.nanoTime();
                 if (first[0] == 0) {
                     first[0] = now - batch.durationNanos();
                 }
                 lastCommit[0] = now;
             })) {
            writer.start();
            while (writer.committedIndex() != last) {
                LockSupport.parkNanos(2_000_000);
            }
        }
        return (lastCommit[0] - first[0]) / 1e9;
    }

    private static void truncate(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE vm_sample, host_sample, rollup_refresh");
            st.execute("CHECKPOINT");
        }
    }

    private static DataSource freshDatabase(String url, DataSource admin, String name) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
        return dataSource(url, name);
    }

    private static DataSource dataSource(String url, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setDatabaseName(database);
        return ds;
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return 0;
            }
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static String text(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }
}
