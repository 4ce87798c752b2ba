package io.poolpilot.daemon.collect;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.Sample;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.EntityKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns XAPI's narrow data points (one value per data source per instant) into wide samples:
 * one {@link VmSample} or {@link HostSample} per entity per instant, with units converted
 * (KiB to bytes) and per-device rates summed.
 */
public final class SampleAssembler {

    private static final Pattern CPU = Pattern.compile("cpu\\d+");
    private static final Pattern VIF = Pattern.compile("vif_\\d+_(rx|tx)");
    private static final Pattern VBD = Pattern.compile("vbd_[a-z0-9]+_(read|write)");
    private static final Pattern PIF = Pattern.compile("pif_([a-z0-9]+)_(rx|tx)");

    /** What one rrd_updates answer became, with what was skipped and why. */
    public record Assembled(List<Sample> samples, Map<String, Integer> skipped, List<String> ignoredDataSources) {
    }

    private record Key(EntityKind kind, String uuid, long timeSeconds) {
    }

    private static final class Accumulator {
        int cpus;
        double cpuSum;
        double cpuAvg = Double.NaN;
        double memory = Double.NaN;
        double memoryFree = Double.NaN;
        double memoryTarget = Double.NaN;
        double memoryTotal = Double.NaN;
        double load = Double.NaN;
        double rx = Double.NaN;
        double tx = Double.NaN;
        double read = Double.NaN;
        double write = Double.NaN;

        static double add(double sum, double value) {
            return Double.isNaN(sum) ? value : sum + value;
        }
    }

    private SampleAssembler() {
    }

    /**
     * Assembles the points one host reported.
     *
     * @param poolUuid    the pool the host belongs to
     * @param hostUuid    the host that answered (VMs it reports are resident on it)
     * @param stepSeconds the step of the answer
     */
    public static Assembled assemble(String poolUuid, String hostUuid, int stepSeconds, List<DataPoint> points) {
        Map<Key, Accumulator> byKey = new LinkedHashMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        for (DataPoint point : points) {
            if (point.kind() != EntityKind.VM && point.kind() != EntityKind.HOST) {
                skipped.merge("entity_" + point.kind().name().toLowerCase(), 1, Integer::sum);
                continue;
            }
            if (!Double.isFinite(point.value())) {
                skipped.merge("not_finite", 1, Integer::sum);
                continue;
            }
            Accumulator acc = byKey.computeIfAbsent(new Key(point.kind(), point.uuid(), point.timeSeconds()),
                    k -> new Accumulator());
            boolean known = point.kind() == EntityKind.VM
                    ? vm(acc, point.dataSource(), point.value())
                    : host(acc, point.dataSource(), point.value());
            if (!known && !ignored.contains(point.dataSource())) {
                ignored.add(point.dataSource());
            }
        }
        List<Sample> samples = new ArrayList<>(byKey.size());
        for (Map.Entry<Key, Accumulator> entry : byKey.entrySet()) {
            Key key = entry.getKey();
            Accumulator a = entry.getValue();
            try {
                samples.add(key.kind() == EntityKind.VM
                        ? new VmSample(poolUuid, hostUuid, key.uuid(), key.timeSeconds(), stepSeconds, a.cpus,
                        a.cpus == 0 ? Double.NaN : a.cpuSum, a.memory, a.memoryFree, a.memoryTarget,
                        a.read, a.write, a.rx, a.tx)
                        : new HostSample(poolUuid, key.uuid(), key.timeSeconds(), stepSeconds, a.cpus, a.cpuAvg,
                        a.memoryTotal, a.memoryFree, a.load, a.rx, a.tx));
            } catch (IllegalArgumentException invalid) {
                skipped.merge("invalid_sample", 1, Integer::sum);
            }
        }
        return new Assembled(samples, skipped, ignored);
    }

    private static boolean vm(Accumulator a, String source, double value) {
        switch (source) {
            case "memory" -> a.memory = value;
            case "memory_internal_free" -> a.memoryFree = value * 1024.0;
            case "memory_target" -> a.memoryTarget = value;
            default -> {
                if (CPU.matcher(source).matches()) {
                    a.cpus++;
                    a.cpuSum += value;
                } else if (VIF.matcher(source).matches()) {
                    if (source.endsWith("_rx")) a.rx = Accumulator.add(a.rx, value);
                    else a.tx = Accumulator.add(a.tx, value);
                } else if (VBD.matcher(source).matches()) {
                    if (source.endsWith("_read")) a.read = Accumulator.add(a.read, value);
                    else a.write = Accumulator.add(a.write, value);
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean host(Accumulator a, String source, double value) {
        switch (source) {
            case "cpu_avg" -> a.cpuAvg = value;
            case "memory_total_kib" -> a.memoryTotal = value * 1024.0;
            case "memory_free_kib" -> a.memoryFree = value * 1024.0;
            case "loadavg" -> a.load = value;
            default -> {
                if (CPU.matcher(source).matches()) {
                    a.cpus++;
                } else {
                    var pif = PIF.matcher(source);
                    if (!pif.matches() || pif.group(1).equals("aggr")) {
                        return false;
                    }
                    if (source.endsWith("_rx")) a.rx = Accumulator.add(a.rx, value);
                    else a.tx = Accumulator.add(a.tx, value);
                }
            }
        }
        return true;
    }
}
