package io.poolpilot.bench.collection;

import io.micrometer.core.instrument.Timer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The collection benchmark's figures as a Markdown page. */
final class CollectionReport {

    private CollectionReport() {
    }

    static String markdown(Path scenario, int minutes, int vms, int hosts, double wallSeconds, long rows,
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
}
