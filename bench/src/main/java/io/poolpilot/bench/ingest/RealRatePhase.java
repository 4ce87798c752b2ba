package io.poolpilot.bench.ingest;

import io.poolpilot.bench.ProcessCpu;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.journal.Journal;
import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.store.DbWriter;
import io.poolpilot.daemon.store.DbWriterConfig;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The ingest benchmark at the real rate: one tick per step, spread over the step like per-host polls,
 * measuring append-to-commit latency, CPU of this JVM and of PostgreSQL, and retained heap.
 */
final class RealRatePhase {

    private RealRatePhase() {
    }

    static void run(SyntheticEstate estate, int realtimeMinutes, Journal journal, DataSource ds, StorageFlavour flavour,
                    SimpleMeterRegistry registry, DbWriterConfig config, EmbeddedDatabase db, EchoedReport report)
            throws Exception {
        int step = estate.step();
        int vms = estate.vms();
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
        long pgCpuBefore = ProcessCpu.postmasterTicks(db.dataDirectory());
        long jvmCpuBefore = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        long firstTick = Instant.now().getEpochSecond() / step * step + step;
        Random r = new Random(11);
        int chunks = 50;
        long peakHeap = 0;
        for (int i = 0; i < ticks; i++) {
            List<Observation> tick = estate.tick(firstTick + (long) i * step, r);
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
        double pgCpuSeconds = (ProcessCpu.postmasterTicks(db.dataDirectory()) - pgCpuBefore)
                / (double) ProcessCpu.TICKS_PER_SECOND;
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        writer.close();
        reader.close();

        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        report.line("## Real rate (" + realtimeMinutes + " minutes wall clock, " + ticks + " ticks of "
                + (vms + estate.hosts()) + " samples, each tick spread over its " + step + " s like per-host polls)");
        report.line("");
        report.line("| metric | value |");
        report.line("|---|---|");
        report.line("| samples committed | " + all.length + " |");
        report.line("| append -> commit latency p50 | " + pct(all, 0.50) + " ms |");
        report.line("| append -> commit latency p99 | " + pct(all, 0.99) + " ms |");
        report.line("| append -> commit latency max | " + (all.length == 0 ? 0 : all[all.length - 1]) + " ms |");
        report.line(String.format(Locale.ROOT, "| daemon JVM CPU (journal append + writer + generator) | %.2f cores = %.3f cores per 1,000 VMs |",
                jvmCpuSeconds / wallSeconds, jvmCpuSeconds / wallSeconds / (vms / 1000.0)));
        report.line(String.format(Locale.ROOT, "| PostgreSQL CPU (all backends) | %.2f cores = %.3f cores per 1,000 VMs |",
                pgCpuSeconds / wallSeconds, pgCpuSeconds / wallSeconds / (vms / 1000.0)));
        report.line(String.format(Locale.ROOT, "| heap retained after GC (writer caches, journal) | %+.1f MiB = %.2f MiB per 1,000 VMs |",
                (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1048576.0 / (vms / 1000.0)));
        report.line(String.format(Locale.ROOT, "| peak heap used during the run (includes garbage and the generator's tick) | %.0f MiB |",
                peakHeap / 1048576.0));
        report.line("");
        report.line("Keeps up: " + (pct(all, 0.99) < 2000 ? "yes" : "NO") + " (target p99 < 2,000 ms at " + vms + " VMs / "
                + step + " s).");
        report.line("");
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
