package io.poolpilot.bench.collection;

import io.poolpilot.bench.ProcessCpu;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.metrics.MetricNames;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The whole daemon under a real load: the simulator (a separate process, so its CPU is not counted)
 * serves a scenario over loopback; this JVM runs the daemon exactly as {@code Main} does (collectors,
 * journal, DB writer, live state, embedded PostgreSQL) and measures committed samples, append-to-commit
 * latency, and CPU and heap per 1,000 VMs. A command, not a test:
 * {@code ./poolpilot bench-collection [--scenario F] [--minutes N] [--out F] [--keep-work]}; the work directory
 * (journal, database) is deleted at the end unless {@code --keep-work}.
 */
public final class CollectionBenchmark {

    private CollectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path scenario = Path.of(arg(args, "--scenario", "config/scenarios/large.yaml"));
        int minutes = Integer.parseInt(arg(args, "--minutes", "3"));
        Path out = Path.of(arg(args, "--out", "bench-results/collection.md"));
        Path work = Files.createTempDirectory("poolpilot-collection-bench");

        Process simulator = SimulatorProcess.start(scenario);
        try {
            List<PoolConfig> pools = SimulatorProcess.readPools(simulator, work);
            long heapBefore = usedHeapAfterGc();
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            long[] measuring = {Long.MAX_VALUE};
            DaemonConfig config = new DaemonConfig(work, 0, new DatabaseConfig("embedded", null, null),
                    CollectConfig.defaults(), new JournalSettings(null, 48), 15, pools);
            try (DaemonRuntime daemon = DaemonRuntime.start(config, Map.of(), Clock.systemUTC(), batch -> {
                if (batch.commitTimeMillis() >= measuring[0]) {
                    long[] lat = new long[batch.sampleAppendTimesMillis().length];
                    for (int i = 0; i < lat.length; i++) {
                        lat[i] = batch.commitTimeMillis() - batch.sampleAppendTimesMillis()[i];
                    }
                    latencies.add(lat);
                }
            })) {
                // Warm-up: inventory sync, dimension interning, first polls of every host.
                sleep(Duration.ofSeconds(40));
                int vms = daemon.collectors().values().stream()
                        .mapToInt(c -> c.inventory() == null ? 0 : (int) c.inventory().vms().values().stream()
                                .filter(v -> v.isGuest()).count()).sum();
                int hosts = daemon.collectors().values().stream()
                        .mapToInt(c -> c.inventory() == null ? 0 : c.inventory().hosts().size()).sum();
                long rowsBefore = rows(daemon);
                long cpuBefore = processCpuNanos();
                long pgBefore = ProcessCpu.postgresTicksUnder(work);
                long simBefore = ProcessCpu.ticks(simulator.pid());
                long wallBefore = System.nanoTime();
                measuring[0] = System.currentTimeMillis();
                sleep(Duration.ofMinutes(minutes));
                double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
                long rowsAfter = rows(daemon);
                double daemonCores = (processCpuNanos() - cpuBefore) / 1e9 / wallSeconds;
                double pgCores = (ProcessCpu.postgresTicksUnder(work) - pgBefore) / (double) ProcessCpu.TICKS_PER_SECOND / wallSeconds;
                double simCores = (ProcessCpu.ticks(simulator.pid()) - simBefore) / (double) ProcessCpu.TICKS_PER_SECOND / wallSeconds;
                long heapAfter = usedHeapAfterGc();
                long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                Timer fetch = daemon.registry().find(MetricNames.XAPI_RRD_FETCH).timer();
                double failures = daemon.registry().find(MetricNames.COLLECT_HOST_POLL_FAILURES).counters().stream()
                        .mapToDouble(Counter::count).sum();
                double skipped = daemon.registry().find(MetricNames.COLLECT_POLL_SKIPPED).counters().stream()
                        .mapToDouble(Counter::count).sum()
                        + daemon.registry().find(MetricNames.COLLECT_POLL_DEFERRED).counters().stream()
                        .mapToDouble(Counter::count).sum();
                String report = CollectionReport.markdown(scenario, minutes, vms, hosts, wallSeconds, rowsAfter - rowsBefore, all,
                        daemonCores, pgCores, simCores, heapAfter - heapBefore, fetch, failures, skipped);
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report);
                System.out.println(report);
            }
        } finally {
            simulator.destroy();
            simulator.waitFor(10, TimeUnit.SECONDS);
            if (!List.of(args).contains("--keep-work")) {
                deleteTree(work); // journal and database of a long run take gigabytes
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    private static long rows(DaemonRuntime daemon) {
        try (var c = daemon.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select (select count(*) from vm_sample) + (select count(*) from host_sample)")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
