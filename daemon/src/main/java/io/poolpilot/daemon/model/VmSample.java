package io.poolpilot.daemon.model;

/**
 * All metrics of one VM at one instant. Absent metrics are {@code NaN} (stored as SQL NULL).
 *
 * @param cpuUsedCores   sum of the per-vCPU fractions ({@code cpuN}), i.e. cores in use
 * @param memoryFreeBytes guest-reported free memory ({@code memory_internal_free} KiB x 1024)
 */
public record VmSample(
        String poolUuid,
        String hostUuid,
        String vmUuid,
        long timeSeconds,
        int stepSeconds,
        int vcpus,
        double cpuUsedCores,
        double memoryBytes,
        double memoryFreeBytes,
        double memoryTargetBytes,
        double diskReadBytesPerSecond,
        double diskWriteBytesPerSecond,
        double netRxBytesPerSecond,
        double netTxBytesPerSecond) implements Sample {

    public VmSample {
        Checks.uuid("poolUuid", poolUuid);
        Checks.uuid("hostUuid", hostUuid);
        Checks.uuid("vmUuid", vmUuid);
        Checks.positive("timeSeconds", timeSeconds);
        Checks.positive("stepSeconds", stepSeconds);
        Checks.notNegative("vcpus", vcpus);
        Checks.amount("cpuUsedCores", cpuUsedCores);
        Checks.amount("memoryBytes", memoryBytes);
        Checks.amount("memoryFreeBytes", memoryFreeBytes);
        Checks.amount("memoryTargetBytes", memoryTargetBytes);
        Checks.amount("diskReadBytesPerSecond", diskReadBytesPerSecond);
        Checks.amount("diskWriteBytesPerSecond", diskWriteBytesPerSecond);
        Checks.amount("netRxBytesPerSecond", netRxBytesPerSecond);
        Checks.amount("netTxBytesPerSecond", netTxBytesPerSecond);
    }
}
