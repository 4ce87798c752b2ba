package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.model.VmSample;

/**
 * Amounts one VM used over some seconds (a sample's share of an hour, an hour, a day...).
 * Rates have already been integrated: every field is an amount, never a rate.
 *
 * @param coveredSeconds      seconds for which a sample exists (the basis of coverage)
 * @param runningSeconds      seconds the VM was seen running (= covered seconds: samples exist only while it runs)
 * @param vcpuSeconds         vCPUs allocated x seconds
 * @param cpuSeconds          CPU actually used: cores in use x seconds
 * @param memoryGibHours      memory allocated, GiB x hours
 * @param memoryUsedGibHours  memory in use (allocated - guest-reported free), GiB x hours; only where both are known
 * @param memoryUsedSeconds   seconds for which memory in use was known (its own coverage)
 * @param samples             samples that contributed (a sample split over two hours counts in both)
 */
public record UsageAmounts(double coveredSeconds, double runningSeconds, double vcpuSeconds, double cpuSeconds,
                           double memoryGibHours, double memoryUsedGibHours, double memoryUsedSeconds,
                           double diskReadBytes, double diskWriteBytes, double netRxBytes, double netTxBytes,
                           long samples) {

    public static final UsageAmounts ZERO = new UsageAmounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    public UsageAmounts {
        check("coveredSeconds", coveredSeconds);
        check("runningSeconds", runningSeconds);
        check("vcpuSeconds", vcpuSeconds);
        check("cpuSeconds", cpuSeconds);
        check("memoryGibHours", memoryGibHours);
        check("memoryUsedGibHours", memoryUsedGibHours);
        check("memoryUsedSeconds", memoryUsedSeconds);
        check("diskReadBytes", diskReadBytes);
        check("diskWriteBytes", diskWriteBytes);
        check("netRxBytes", netRxBytes);
        check("netTxBytes", netTxBytes);
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
    }

    private static void check(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite amount >= 0, got " + value);
        }
    }

    /**
     * What {@code sample} contributes over {@code seconds} of its step: each rate x seconds. An absent
     * (NaN) metric contributes nothing; the sample still covers its seconds.
     */
    public static UsageAmounts of(VmSample sample, double seconds) {
        double memoryBytes = sample.memoryBytes();
        double usedBytes = Double.isNaN(memoryBytes) || Double.isNaN(sample.memoryFreeBytes())
                ? Double.NaN : Math.max(0, memoryBytes - sample.memoryFreeBytes());
        return new UsageAmounts(seconds, seconds,
                sample.vcpus() * seconds,
                times(sample.cpuUsedCores(), seconds),
                times(memoryBytes / BYTES_PER_GIB, seconds / 3600.0),
                times(usedBytes / BYTES_PER_GIB, seconds / 3600.0),
                Double.isNaN(usedBytes) ? 0 : seconds,
                times(sample.diskReadBytesPerSecond(), seconds),
                times(sample.diskWriteBytesPerSecond(), seconds),
                times(sample.netRxBytesPerSecond(), seconds),
                times(sample.netTxBytesPerSecond(), seconds),
                1);
    }

    private static double times(double rate, double seconds) {
        return Double.isNaN(rate) ? 0 : rate * seconds;
    }

    public UsageAmounts plus(UsageAmounts o) {
        return new UsageAmounts(coveredSeconds + o.coveredSeconds, runningSeconds + o.runningSeconds,
                vcpuSeconds + o.vcpuSeconds, cpuSeconds + o.cpuSeconds, memoryGibHours + o.memoryGibHours,
                memoryUsedGibHours + o.memoryUsedGibHours, memoryUsedSeconds + o.memoryUsedSeconds,
                diskReadBytes + o.diskReadBytes, diskWriteBytes + o.diskWriteBytes, netRxBytes + o.netRxBytes,
                netTxBytes + o.netTxBytes, samples + o.samples);
    }

    /** Share of {@code periodSeconds} for which samples exist, 0..1. */
    public double coverage(double periodSeconds) {
        return Math.min(1.0, coveredSeconds / periodSeconds);
    }

    double[] toArray() {
        return new double[] {coveredSeconds, runningSeconds, vcpuSeconds, cpuSeconds, memoryGibHours,
                memoryUsedGibHours, memoryUsedSeconds, diskReadBytes, diskWriteBytes, netRxBytes, netTxBytes, samples};
    }

    static UsageAmounts fromArray(double[] a) {
        return new UsageAmounts(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], (long) a[11]);
    }
}
