package io.poolpilot.daemon.detect;

import io.poolpilot.daemon.live.HostCpu;
import io.poolpilot.daemon.live.LiveState;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.xapi.event.Inventory;
import io.poolpilot.xapi.model.Host;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code host-overloaded}: a live host whose CPU (smoothed as the autopilot reads it, {@link HostCpu})
 * stayed over the planner's threshold at every sample of the last {@code sustained}. The live window must
 * reach back that far, and its newest sample must be fresh: a host gone silent is not judged on old data.
 */
public final class HostOverloadRule implements Rule {

    /** A window whose newest sample is older than this is stale (collection stalled or the host went away). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final LiveState live;
    private final double thresholdRatio;
    private final Duration sustained;

    /**
     * @param thresholdRatio the planner's {@code cpuThresholdRatio} (0..1 of the host's capacity)
     * @param sustained      how long the CPU must stay over it
     */
    public HostOverloadRule(LiveState live, double thresholdRatio, Duration sustained) {
        if (!(thresholdRatio > 0) || thresholdRatio > 1) {
            throw new IllegalArgumentException("overload threshold must be in (0, 1], got " + thresholdRatio);
        }
        if (sustained.isNegative() || sustained.isZero()) {
            throw new IllegalArgumentException("overload duration must be positive, got " + sustained);
        }
        this.live = live;
        this.thresholdRatio = thresholdRatio;
        this.sustained = sustained;
    }

    @Override
    public Set<Condition> holding(Inventory inventory, Instant now) {
        Set<Condition> out = new LinkedHashSet<>();
        for (Host host : inventory.hosts().values()) {
            if (!HostLiveness.live(inventory, host)) {
                continue;
            }
            OptionalDouble lowest = lowestOverSpan(live.hostWindow(host.uuid()), now);
            if (lowest.isPresent() && lowest.getAsDouble() > thresholdRatio) {
                out.add(new Condition(AlertKind.HOST_OVERLOADED, host.uuid(), String.format(Locale.ROOT,
                        "host %s CPU stayed over %.0f%% for %d min (lowest %.0f%%, now %.0f%%)", HostLiveness.named(host),
                        thresholdRatio * 100, sustained.toMinutes(), lowest.getAsDouble() * 100,
                        HostCpu.smoothed(live.hostWindow(host.uuid()), Integer.MAX_VALUE).orElse(Double.NaN) * 100)));
            }
        }
        return out;
    }

    /**
     * The lowest smoothed CPU over the samples of the last {@code sustained}, ending at the newest sample;
     * empty when the window is stale, does not reach back that far, or has a gap of NaN-only samples.
     */
    private OptionalDouble lowestOverSpan(List<HostSample> window, Instant now) {
        if (window.isEmpty()) {
            return OptionalDouble.empty();
        }
        HostSample newest = window.getLast();
        if (newest.timeSeconds() < now.minus(STALE_AFTER).getEpochSecond()) {
            return OptionalDouble.empty();
        }
        long spanStart = newest.timeSeconds() - sustained.toSeconds();
        if (window.getFirst().timeSeconds() > spanStart + window.getFirst().stepSeconds()) {
            return OptionalDouble.empty(); // not watched long enough yet
        }
        double lowest = Double.MAX_VALUE;
        for (int i = window.size() - 1; i >= 0 && window.get(i).timeSeconds() >= spanStart; i--) {
            OptionalDouble cpu = HostCpu.smoothed(window, i);
            if (cpu.isEmpty()) {
                return OptionalDouble.empty();
            }
            lowest = Math.min(lowest, cpu.getAsDouble());
        }
        return lowest == Double.MAX_VALUE ? OptionalDouble.empty() : OptionalDouble.of(lowest);
    }
}
