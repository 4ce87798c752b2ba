package io.poolpilot.bench.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.model.Observation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/** Heap held by a full 15-minute live window of every VM and host of the estate. */
final class LiveStateFootprint {

    private LiveStateFootprint() {
    }

    static void measure(SyntheticEstate estate, EchoedReport report) {
        int step = estate.step();
        int vms = estate.vms();
        int hosts = estate.hosts();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        LiveState live = new LiveState(Duration.ofMinutes(15), step, new SimpleMeterRegistry());
        Random r = new Random(3);
        long t0 = Instant.now().getEpochSecond() / step * step;
        long start = System.nanoTime();
        int ticks = 15 * 60 / step;
        for (int i = 0; i < ticks; i++) {
            for (Observation o : estate.tick(t0 + (long) i * step, r)) {
                live.accept(o);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        double p95 = live.p95CpuUsedCores(estate.firstVm()).orElse(Double.NaN);
        report.line("## Live state (15 min window, " + ticks + " samples per entity)");
        report.line("");
        report.line(String.format(Locale.ROOT, "Heap after GC: %.1f MiB for %d VMs + %d hosts = %.2f MiB per 1,000 VMs; "
                + "%d samples applied in %.2f s (%.0f samples/s, includes generating them); p95 of VM 0 = %.2f cores.",
                (after - before) / 1048576.0, vms, hosts, (after - before) / 1048576.0 / (vms / 1000.0),
                (long) ticks * (vms + hosts), seconds, ticks * (vms + hosts) / seconds, p95));
        report.line("");
        if (live.vmUuids().size() != vms) {
            throw new IllegalStateException("live state lost VMs: " + live.vmUuids().size());
        }
    }
}
