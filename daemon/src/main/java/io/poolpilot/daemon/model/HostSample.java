package io.poolpilot.daemon.model;

/**
 * All metrics of one host at one instant. Absent metrics are {@code NaN} (stored as SQL NULL).
 *
 * @param cpuFraction average busy fraction over all physical CPUs ({@code cpu_avg}, 0..1)
 */
public record HostSample(
        String poolUuid,
        String hostUuid,
        long timeSeconds,
        int stepSeconds,
        int cpuCount,
        double cpuFraction,
        double memoryTotalBytes,
        double memoryFreeBytes,
        double loadAverage,
        double netRxBytesPerSecond,
        double netTxBytesPerSecond) implements Sample {

    public HostSample {
        Checks.uuid("poolUuid", poolUuid);
        Checks.uuid("hostUuid", hostUuid);
        Checks.positive("timeSeconds", timeSeconds);
        Checks.positive("stepSeconds", stepSeconds);
        Checks.notNegative("cpuCount", cpuCount);
        Checks.amount("cpuFraction", cpuFraction);
        Checks.amount("memoryTotalBytes", memoryTotalBytes);
        Checks.amount("memoryFreeBytes", memoryFreeBytes);
        Checks.amount("loadAverage", loadAverage);
        Checks.amount("netRxBytesPerSecond", netRxBytesPerSecond);
        Checks.amount("netTxBytesPerSecond", netTxBytesPerSecond);
    }
}
