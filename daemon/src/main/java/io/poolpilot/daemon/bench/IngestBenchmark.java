package io.poolpilot.daemon.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalConfig;
import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.PowerState;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.store.CopyFormat;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.DbWriterConfig;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.RollupMaintainer;
import io.poolpilot.daemon.store.SampleRows;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Ingest benchmark (a command, not a test): synthetic wide samples for N VMs and their hosts pushed
 * through journal -> DB writer -> embedded PostgreSQL, compared with a raw COPY of the same rows into
 * the same tables, then fed at the real rate (one tick per step) to measure append-to-commit latency.
 * Writes a Markdown report. Run: see docs/ingest.md.
 */
public final class IngestBenchmark {

    private static final int VM_METRICS = 8;
    private static final int HOST_METRICS = 6;

    private final int vms;
    private final int hosts;
    private final int minutes;
    private final int realtimeMinutes;
    private final int step;
    private final boolean durable;
    private final Path work;
    private final Path out;
    private final List<String> poolHosts = new ArrayList<>();
    private final List<String> poolVms = new ArrayList<>();
    private final String pool;
    private final Random random = new Random(42);
    private final StringBuilder report = new StringBuilder();
    private long writerStartMillis;
    private String decodeLine = "";

    private IngestBenchmark(Map<String, String> args) {
        this.vms = Integer.parseInt(args.getOrDefault("vms", "20000"));
        this.hosts = Integer.parseInt(args.getOrDefault("hosts", Integer.toString(Math.max(1, vms / 40))));
        this.minutes = Integer.parseInt(args.getOrDefault("minutes", "3"));
        this.realtimeMinutes = Integer.parseInt(args.getOrDefault("realtime-minutes", "2"));
        this.step = Integer.parseInt(args.getOrDefault("step", "5"));
        this.durable = !args.containsKey("no-fsync");
        this.work = Path.of(args.getOrDefault("work", "target/bench-ingest"));
        this.out = Path.of(args.getOrDefault("out", repositoryRoot().resolve("bench-results/ingest.md").toString()));
        this.pool = uuid();
        for (int h = 0; h < hosts; h++) {
            poolHosts.add(uuid());
        }
        for (int v = 0; v < vms; v++) {
            poolVms.add(uuid());
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].startsWith("--")) {
                String key = argv[i].substring(2);
                boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
                args.put(key, flag ? "true" : argv[++i]);
            }
        }
        new IngestBenchmark(args).run();
        System.exit(0);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private List<Observation> inventory(long millis) {
        List<Observation> out = new ArrayList<>();
        out.add(new InventoryChange.PoolSeen(pool, "bench", millis));
        for (int h = 0; h < hosts; h++) {
            out.add(new InventoryChange.HostSeen(pool, poolHosts.get(h), "host-" + h, "127.0.20." + (h % 250), 64,
                    512L << 30, true, millis));
        }
        for (int v = 0; v < vms; v++) {
            out.add(new InventoryChange.VmSeen(pool, poolVms.get(v), "vm-" + v, poolHosts.get(v % hosts), PowerState.RUNNING,
                    4, 8L << 30, "acct-" + (v % 100), Map.of(), millis));
        }
        return out;
    }

    private List<Observation> tick(long t, Random r) {
        List<Observation> out = new ArrayList<>(vms + hosts);
        for (int h = 0; h < hosts; h++) {
            out.add(new HostSample(pool, poolHosts.get(h), t, step, 64, r.nextDouble(), 512.0 * (1L << 30),
                    r.nextInt(1 << 30) * 256.0, r.nextDouble() * 8, r.nextDouble() * 1e8, r.nextDouble() * 1e8));
        }
        for (int v = 0; v < vms; v++) {
            out.add(new VmSample(pool, poolHosts.get(v % hosts), poolVms.get(v), t, step, 4, r.nextDouble() * 4,
                    8.0 * (1L << 30), r.nextInt(1 << 30) * 4.0, 8.0 * (1L << 30), r.nextDouble() * 1e7, r.nextDouble() * 1e7,
                    r.nextDouble() * 1e6, r.nextDouble() * 1e6));
        }
        return out;
    }

    private void run() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        line("# Ingest benchmark");
        line("");
        line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB.");
        line("**The machine was shared with other jobs (other helpers' builds and tests) during this run; figures are noisy "
                + "and conservative.**");
        line("");
        line("Workload: " + vms + " VMs + " + hosts + " hosts, one wide sample each per " + step + " s step ("
                + VM_METRICS + " metric values per VM sample, " + HOST_METRICS + " per host sample). Embedded PostgreSQL 17, "
                + (durable ? "fsync=on, synchronous_commit=on" : "fsync=off, synchronous_commit=off") + ", plain flavour (daily partitions, BRIN, PK (id, ts)).");
        line("");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("pg"), 0, durable)) {
            DataSource ds = db.dataSource();
            StorageFlavour flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Journal journal = Journal.open(JournalConfig.defaults(work.resolve("journal")), registry);
            DbWriterConfig config = DbWriterConfig.defaults();
            long now = Instant.now().getEpochSecond() / step * step;
            long start = now - minutes * 60L - 3600;

            // Warm-up: inventory interned, one tick written, JIT warmed.
            long t0 = System.nanoTime();
            journal.appendAll(inventory(System.currentTimeMillis()));
            journal.appendAll(tick(start - step, random));
            runWriterUntil(journal, ds, flavour, registry, config, journal.lastIndex());
            line("Inventory of " + (vms + hosts) + " entities interned in " + ms(System.nanoTime() - t0) + " ms (first start only).");
            line("");

            int ticks = minutes * 60 / step;
            long entities = vms + hosts;
            long samples = ticks * entities;
            long values = ticks * ((long) vms * VM_METRICS + (long) hosts * HOST_METRICS);

            // 1. Raw COPY baseline: the same rows, same encoder, same tables, same batch size, no journal.
            Map<String, Integer> vmIds = ids(ds, "SELECT vm_uuid, vm_id FROM vm");
            Map<String, Integer> hostIds = ids(ds, "SELECT host_uuid, host_id FROM host");
            line("## Throughput (" + minutes + " simulated minutes = " + ticks + " ticks = " + samples + " samples)");
            line("");
            line("| path | seconds | samples/s | metric values/s | vs raw binary COPY |");
            line("|---|---|---|---|---|");
            // Three interleaved rounds of raw binary COPY and the pipeline, each into truncated tables, best
            // of three for each (the machine is shared: the best run is the least disturbed one), then
            // the text variants once.
            double rawBinary = Double.MAX_VALUE;
            double pipeline = Double.MAX_VALUE;
            double appendSeconds = 0;
            double rollupSeconds = 0;
            Random r = new Random(7);
            long rangeStart = start;
            for (int round = 0; round < 3; round++) {
                rawBinary = Math.min(rawBinary, rawCopy(ds, CopyFormat.BINARY, rangeStart, ticks, vmIds, hostIds, config.maxBatchEntries()));
                truncateSamples(ds);
                long appendStart = System.nanoTime();
                for (int i = 0; i < ticks; i++) {
                    journal.appendAll(tick(rangeStart + (long) i * step, r));
                }
                appendSeconds = (System.nanoTime() - appendStart) / 1e9;
                if (round == 0) {
                    long readStart = System.nanoTime();
                    long read = 0;
                    try (JournalReader probe = journal.reader("read-probe")) {
                        probe.moveToAppendTime(System.currentTimeMillis() - (long) (appendSeconds * 1000) - 50);
                        while (probe.poll() != null) {
                            read++;
                        }
                    }
                    double readSeconds = (System.nanoTime() - readStart) / 1e9;
                    decodeLine = String.format(Locale.ROOT, "Journal read + decode (one reader thread): %.0f entries/s "
                            + "(%d entries in %.2f s).", read / readSeconds, read, readSeconds);
                }
                pipeline = Math.min(pipeline, runWriterUntil(journal, ds, flavour, registry, config, journal.lastIndex()));
                if (round == 0) {
                    long rollupStart = System.nanoTime();
                    try (Connection c = ds.getConnection()) {
                        RollupMaintainer rollups = new RollupMaintainer(registry);
                        while (rollups.refresh(c, Instant.now(), 10) > 0) {
                            // drain every dirty bucket
                        }
                    }
                    rollupSeconds = (System.nanoTime() - rollupStart) / 1e9;
                }
                truncateSamples(ds);
                rangeStart += 1;
            }
            double rawText = rawCopy(ds, CopyFormat.TEXT, start, ticks, vmIds, hostIds, config.maxBatchEntries());
            truncateSamples(ds);
            for (int i = 0; i < ticks; i++) {
                journal.appendAll(tick(rangeStart + (long) i * step, r));
            }
            double pipelineText = runWriterUntil(journal, ds, flavour, registry, config.withCopyFormat(CopyFormat.TEXT),
                    journal.lastIndex());
            truncateSamples(ds);

            row("raw COPY, binary (best of 3)", rawBinary, samples, values, rawBinary);
            row("raw COPY, text", rawText, samples, values, rawBinary);
            row("journal -> DB writer, binary COPY (best of 3)", pipeline, samples, values, rawBinary);
            row("journal -> DB writer, text COPY", pipelineText, samples, values, rawBinary);
            line("");
            line("Writer start (connect, load " + (vms + hosts) + " dimension ids, position after the watermark): at most "
                    + writerStartMillis + " ms, not included above.");
            line("");
            line(String.format(Locale.ROOT, "Journal append (collector side, appendAll per tick): %.0f samples/s (%.2f s for %d samples). "
                    + "Binary vs text COPY: raw %.2fx, pipeline %.2fx.", samples / appendSeconds, appendSeconds, samples,
                    rawText / rawBinary, pipelineText / pipeline));
            line(decodeLine);
            line(String.format(Locale.ROOT, "Plain-flavour rollups (1 min + 1 h, run by the writer every 30 s, not included above): "
                    + "%.2f s for %d simulated minutes = %.0f ms of database time per simulated minute.", rollupSeconds, minutes,
                    1000 * rollupSeconds / minutes));
            line(String.format(Locale.ROOT, "**Pipeline efficiency: %.0f%% of raw binary COPY** (target >= 70%%).",
                    100 * rawBinary / pipeline));
            line("");

            // 3. Real rate: one tick per step, spread over the step like per-host polls; latency append -> commit.
            if (realtimeMinutes > 0) {
                realRate(journal, ds, flavour, registry, config, db);
            }
            liveStateMemory();
            journal.close();
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private void realRate(Journal journal, DataSource ds, StorageFlavour flavour, SimpleMeterRegistry registry,
                          DbWriterConfig config, EmbeddedDatabase db) throws Exception {
        int ticks = realtimeMinutes * 60 / step;
        List<long[]> latencies = new ArrayList<>();
        Consumer<DbWriter.BatchCommitted> listener = batch -> {
            long[] lat = new long[batch.sampleAppendTimesMillis().length];
            for (int i = 0; i < lat.length; i++) {
                lat[i] = batch.commitTimeMillis() - batch.sampleAppendTimesMillis()[i];
            }
            synchronized (latencies) {
                latencies.add(lat);
            }
        };
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        JournalReader reader = journal.reader("db-writer");
        DbWriter writer = new DbWriter(config, ds, reader, flavour, registry, Clock.systemUTC(), listener);
        writer.start();
        long pgCpuBefore = postgresCpuTicks(db);
        long jvmCpuBefore = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long firstTick = Instant.now().getEpochSecond() / step * step + step;
        Random r = new Random(11);
        int chunks = 50;
        long peakHeap = 0;
        for (int i = 0; i < ticks; i++) {
            List<Observation> tick = tick(firstTick + (long) i * step, r);
            long tickStartNanos = wallStart + i * step * 1_000_000_000L;
            int per = (tick.size() + chunks - 1) / chunks;
            for (int c = 0; c < chunks; c++) {
                long due = tickStartNanos + c * (step * 1_000_000_000L / chunks);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                journal.appendAll(tick.subList(Math.min(tick.size(), c * per), Math.min(tick.size(), (c + 1) * per)));
            }
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        }
        long last = journal.lastIndex();
        while (writer.committedIndex() != last) {
            LockSupport.parkNanos(10_000_000);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double jvmCpuSeconds = (os.getProcessCpuTime() - jvmCpuBefore) / 1e9;
        double pgCpuSeconds = (postgresCpuTicks(db) - pgCpuBefore) / 100.0;
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        writer.close();
        reader.close();

        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        line("## Real rate (" + realtimeMinutes + " minutes wall clock, " + ticks + " ticks of " + (vms + hosts)
                + " samples, each tick spread over its " + step + " s like per-host polls)");
        line("");
        line("| metric | value |");
        line("|---|---|");
        line("| samples committed | " + all.length + " |");
        line("| append -> commit latency p50 | " + pct(all, 0.50) + " ms |");
        line("| append -> commit latency p99 | " + pct(all, 0.99) + " ms |");
        line("| append -> commit latency max | " + (all.length == 0 ? 0 : all[all.length - 1]) + " ms |");
        line(String.format(Locale.ROOT, "| daemon JVM CPU (journal append + writer + generator) | %.2f cores = %.3f cores per 1,000 VMs |",
                jvmCpuSeconds / wallSeconds, jvmCpuSeconds / wallSeconds / (vms / 1000.0)));
        line(String.format(Locale.ROOT, "| PostgreSQL CPU (all backends) | %.2f cores = %.3f cores per 1,000 VMs |",
                pgCpuSeconds / wallSeconds, pgCpuSeconds / wallSeconds / (vms / 1000.0)));
        line(String.format(Locale.ROOT, "| heap retained after GC (writer caches, journal) | %+.1f MiB = %.2f MiB per 1,000 VMs |",
                (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1048576.0 / (vms / 1000.0)));
        line(String.format(Locale.ROOT, "| peak heap used during the run (includes garbage and the generator's tick) | %.0f MiB |",
                peakHeap / 1048576.0));
        line("");
        line("Keeps up: " + (pct(all, 0.99) < 2000 ? "yes" : "NO") + " (target p99 < 2,000 ms at " + vms + " VMs / " + step + " s).");
        line("");
    }

    /** Heap held by a full 15-minute live window of every VM and host. */
    private void liveStateMemory() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        LiveState live = new LiveState(Duration.ofMinutes(15), step, new SimpleMeterRegistry());
        Random r = new Random(3);
        long t0 = Instant.now().getEpochSecond() / step * step;
        long start = System.nanoTime();
        int ticks = 15 * 60 / step;
        for (int i = 0; i < ticks; i++) {
            for (Observation o : tick(t0 + (long) i * step, r)) {
                live.accept(o);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        double p95 = live.p95CpuUsedCores(poolVms.getFirst()).orElse(Double.NaN);
        line("## Live state (15 min window, " + ticks + " samples per entity)");
        line("");
        line(String.format(Locale.ROOT, "Heap after GC: %.1f MiB for %d VMs + %d hosts = %.2f MiB per 1,000 VMs; "
                + "%d samples applied in %.2f s (%.0f samples/s, includes generating them); p95 of VM 0 = %.2f cores.",
                (after - before) / 1048576.0, vms, hosts, (after - before) / 1048576.0 / (vms / 1000.0),
                (long) ticks * (vms + hosts), seconds, ticks * (vms + hosts) / seconds, p95));
        line("");
        if (live.vmUuids().size() != vms) {
            throw new IllegalStateException("live state lost VMs: " + live.vmUuids().size());
        }
    }

    /**
     * Runs a fresh DB writer until it has committed {@code lastIndex}; returns the seconds from the
     * start of its first batch to its last commit (its start-up, connect and cache load, is reported
     * apart, as "writer start").
     */
    private double runWriterUntil(Journal journal, DataSource ds, StorageFlavour flavour, SimpleMeterRegistry registry,
                                  DbWriterConfig config, long lastIndex) {
        long[] firstStartNanos = {0};
        long[] lastCommitNanos = {0};
        Consumer<DbWriter.BatchCommitted> listener = batch -> {
            long now = System.nanoTime();
            if (firstStartNanos[0] == 0) {
                firstStartNanos[0] = now - batch.durationNanos();
            }
            lastCommitNanos[0] = now;
        };
        long start = System.nanoTime();
        try (JournalReader reader = journal.reader("db-writer");
             DbWriter writer = new DbWriter(config, ds, reader, flavour, registry, Clock.systemUTC(), listener)) {
            writer.start();
            while (writer.committedIndex() != lastIndex) {
                LockSupport.parkNanos(2_000_000);
            }
        }
        writerStartMillis = Math.max(writerStartMillis, (firstStartNanos[0] - start) / 1_000_000);
        return (lastCommitNanos[0] - firstStartNanos[0]) / 1e9;
    }

    private double rawCopy(DataSource ds, CopyFormat format, long start, int ticks, Map<String, Integer> vmIds,
                           Map<String, Integer> hostIds, int batchSize) throws SQLException {
        Random r = new Random(7);
        SampleRows encoder = new SampleRows(format);
        long nanos = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<SampleRows.VmRow> vmRows = new ArrayList<>();
            List<SampleRows.HostRow> hostRows = new ArrayList<>();
            for (int i = 0; i < ticks; i++) {
                for (Observation o : tick(start + (long) i * step, r)) {
                    if (o instanceof VmSample s) {
                        vmRows.add(new SampleRows.VmRow(vmIds.get(s.vmUuid()), hostIds.get(s.hostUuid()), s));
                    } else if (o instanceof HostSample s) {
                        hostRows.add(new SampleRows.HostRow(hostIds.get(s.hostUuid()), s));
                    }
                    if (vmRows.size() + hostRows.size() >= batchSize) {
                        nanos += copyBatch(c, copy, encoder, vmRows, hostRows);
                    }
                }
            }
            nanos += copyBatch(c, copy, encoder, vmRows, hostRows);
        }
        return nanos / 1e9;
    }

    private static long copyBatch(Connection c, CopyManager copy, SampleRows encoder, List<SampleRows.VmRow> vmRows,
                                  List<SampleRows.HostRow> hostRows) throws SQLException {
        long t = System.nanoTime();
        vmRows.sort(Comparator.comparingInt(SampleRows.VmRow::vmId));
        if (!vmRows.isEmpty()) {
            encoder.copyVmRows(copy, "vm_sample", vmRows);
        }
        if (!hostRows.isEmpty()) {
            encoder.copyHostRows(copy, "host_sample", hostRows);
        }
        c.commit();
        vmRows.clear();
        hostRows.clear();
        return System.nanoTime() - t;
    }

    private static void truncateSamples(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE vm_sample, host_sample, rollup_dirty, vm_sample_1m, host_sample_1m, vm_sample_1h, host_sample_1h");
            st.execute("CHECKPOINT");
        }
    }

    private static Map<String, Integer> ids(DataSource ds, String sql) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getInt(2));
            }
        }
        return ids;
    }

    /** utime + stime (clock ticks) of the postmaster and its children, from /proc. */
    private static long postgresCpuTicks(EmbeddedDatabase db) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(db.dataDirectory().resolve("postmaster.pid")).getFirst().trim());
            long total = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(name);
                        long ppid = Long.parseLong(f[1]);
                        if (pid == postmaster || ppid == postmaster) {
                            total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // The process ended while we looked.
                    }
                }
            }
            return total;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private void row(String path, double seconds, long samples, long values, double rawBinarySeconds) {
        line(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %,.0f | %.0f%% |", path, seconds, samples / seconds,
                values / seconds, 100 * rawBinarySeconds / seconds));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return dir;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
