package io.poolpilot.daemon.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.config.SecretRef;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.store.DbWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole daemon under a real load: the simulator (a separate process, so its CPU is not counted)
 * serves a scenario over loopback; this JVM runs the daemon exactly as {@code Main} does (collectors,
 * journal, DB writer, live state, embedded PostgreSQL) and measures committed samples, append-to-commit
 * latency, and CPU and heap per 1,000 VMs. A command, not a test:
 * {@code ./poolpilot bench-collection [--scenario F] [--minutes N] [--out F] [--keep-work]}; the work directory
 * (journal, database) is deleted at the end unless {@code --keep-work}.
 */
public final class CollectionBenchmark {

    private static final Pattern POOL = Pattern.compile("^pool (\\S+) \\(");
    private static final Pattern MASTER = Pattern.compile("^\\s+master\\s+(\\S+)\\s+user (\\S+)\\s+password (\\S+)");

    private CollectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path scenario = Path.of(arg(args, "--scenario", "config/scenarios/large.yaml"));
        int minutes = Integer.parseInt(arg(args, "--minutes", "3"));
        Path out = Path.of(arg(args, "--out", "bench-results/collection.md"));
        Path work = Files.createTempDirectory("poolpilot-collection-bench");

        Process simulator = startSimulator(scenario);
        try {
            List<PoolConfig> pools = readPools(simulator, work);
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
                long pgBefore = postgresCpuTicks(work);
                long simBefore = cpuTicks(simulator.pid());
                long wallBefore = System.nanoTime();
                measuring[0] = System.currentTimeMillis();
                sleep(Duration.ofMinutes(minutes));
                double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
                long rowsAfter = rows(daemon);
                double daemonCores = (processCpuNanos() - cpuBefore) / 1e9 / wallSeconds;
                double pgCores = (postgresCpuTicks(work) - pgBefore) / (double) ticksPerSecond() / wallSeconds;
                double simCores = (cpuTicks(simulator.pid()) - simBefore) / (double) ticksPerSecond() / wallSeconds;
                long heapAfter = usedHeapAfterGc();
                long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                Timer fetch = daemon.registry().find(MetricNames.XAPI_RRD_FETCH).timer();
                double failures = daemon.registry().find(MetricNames.COLLECT_HOST_POLL_FAILURES).counters().stream()
                        .mapToDouble(Counter::count).sum();
                double skipped = daemon.registry().find(MetricNames.COLLECT_POLL_SKIPPED).counters().stream()
                        .mapToDouble(Counter::count).sum()
                        + daemon.registry().find(MetricNames.COLLECT_POLL_DEFERRED).counters().stream()
                        .mapToDouble(Counter::count).sum();
                String report = report(scenario, minutes, vms, hosts, wallSeconds, rowsAfter - rowsBefore, all,
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

    private static String report(Path scenario, int minutes, int vms, int hosts, double wallSeconds, long rows,
                                 long[] latencies, double daemonCores, double pgCores, double simCores,
                                 long heapDelta, Timer fetch, double failures, double skipped) {
        double perThousand = vms / 1000.0;
        double expected = (vms + hosts) * wallSeconds / 5.0;
        StringBuilder b = new StringBuilder();
        b.append("# Collection benchmark (the whole daemon)\n\n");
        b.append(String.format(Locale.ROOT, "Run %s on %d cores, JDK %s, load average at the end %.2f.%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        b.append("Scenario `").append(scenario).append("` served by the simulator in its own process over loopback; ")
                .append("the daemon (collectors, journal, DB writer, live state) and an embedded PostgreSQL 17 ")
                .append("(fsync on) as in `./poolpilot demo`, polling every host's rrd_updates every 5 s.\n\n");
        b.append("| figure | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| guests / hosts | %d / %d |%n", vms, hosts));
        b.append(String.format(Locale.ROOT, "| measured | %.0f s after a 40 s warm-up |%n", wallSeconds));
        b.append(String.format(Locale.ROOT, "| rows committed | %d (%.0f/s; expected at a 5 s step: %.0f, %.1f%%) |%n",
                rows, rows / wallSeconds, expected, 100.0 * rows / expected));
        b.append(String.format(Locale.ROOT, "| append -> commit p50 / p99 / max | %d / %d / %d ms |%n",
                pct(latencies, 0.5), pct(latencies, 0.99), latencies.length == 0 ? -1 : latencies[latencies.length - 1]));
        if (fetch != null) {
            b.append(String.format(Locale.ROOT, "| rrd_updates fetch+parse per host, mean / max | %.1f / %.1f ms |%n",
                    fetch.mean(TimeUnit.MILLISECONDS), fetch.max(TimeUnit.MILLISECONDS)));
        }
        b.append(String.format(Locale.ROOT, "| host poll failures / polls skipped or deferred (previous still running, pool full) | %.0f / %.0f |%n",
                failures, skipped));
        b.append(String.format(Locale.ROOT, "| daemon JVM CPU | %.3f cores = %.4f cores per 1,000 VMs |%n",
                daemonCores, daemonCores / perThousand));
        b.append(String.format(Locale.ROOT, "| PostgreSQL CPU | %.3f cores = %.4f cores per 1,000 VMs |%n",
                pgCores, pgCores / perThousand));
        b.append(String.format(Locale.ROOT, "| simulator CPU (not the daemon's) | %.3f cores |%n", simCores));
        b.append(String.format(Locale.ROOT, "| daemon heap retained after GC | +%.1f MiB = %.2f MiB per 1,000 VMs |%n",
                heapDelta / 1048576.0, heapDelta / 1048576.0 / perThousand));
        b.append(String.format(Locale.ROOT,
                "%nAt this cost one daemon on 2 cores would keep up with about %.0f VMs by CPU (daemon + PostgreSQL, 75%% of 2 cores).%n",
                1.5 / ((daemonCores + pgCores) / vms)));
        return b.toString();
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Process startSimulator(Path scenario) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle") || a.startsWith("-Dlogback")).toList());
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "io.poolpilot.simulator.SimulatorMain", "--scenario", scenario.toString(), "--port", "0",
                "--first-pool-octet", "40", "--admin-port", "-1"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static List<PoolConfig> readPools(Process simulator, Path work) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
        List<PoolConfig> pools = new ArrayList<>();
        String pool = null;
        List<String> seen = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            if (seen.size() < 20) {
                seen.add(line);
            }
            Matcher p = POOL.matcher(line);
            Matcher m = MASTER.matcher(line);
            if (p.find()) {
                pool = p.group(1);
            } else if (m.find() && pool != null) {
                Path secret = work.resolve(pool + ".secret");
                Files.writeString(secret, m.group(3));
                pools.add(new PoolConfig(pool, URI.create(m.group(1)), m.group(2),
                        SecretRef.parse("file:" + secret), null));
            } else if (line.startsWith("Ctrl-C")) {
                break;
            }
        }
        if (pools.isEmpty()) {
            throw new IllegalStateException("the simulator printed no pools; it said: " + String.join(" | ", seen));
        }
        // Keep draining its output so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (reader.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the simulator stopped
            }
        });
        return pools;
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

    /** CPU ticks of every PostgreSQL process whose command line names this work dir. */
    private static long postgresCpuTicks(Path work) {
        String marker = work.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                        || p.parent().flatMap(pp -> pp.info().commandLine()).map(c -> c.contains(marker)).orElse(false))
                .mapToLong(p -> cpuTicks(p.pid())).sum();
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksPerSecond() {
        return 100;
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
