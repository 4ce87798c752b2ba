package io.poolpilot.daemon.live;

import io.poolpilot.daemon.model.HostSample;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A host's CPU as the policies read it: the mean of its last few samples, so one noisy 5 s row neither
 * starts nor stops a clock (the autopilot's imbalance, the detector's overload).
 */
public final class HostCpu {

    /** How many samples the mean spans: 30 s at XAPI's 5 s step. */
    public static final int SMOOTHING_SAMPLES = 6;

    private HostCpu() {
    }

    /** Mean cpuFraction of up to {@link #SMOOTHING_SAMPLES} non-NaN samples ending at {@code newest}; empty without any. */
    public static OptionalDouble smoothed(List<HostSample> window, int newest) {
        double sum = 0;
        int n = 0;
        for (int i = Math.min(newest, window.size() - 1); i >= 0 && n < SMOOTHING_SAMPLES; i--) {
            double cpu = window.get(i).cpuFraction();
            if (!Double.isNaN(cpu)) {
                sum += cpu;
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
    }
}
