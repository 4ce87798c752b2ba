package io.poolpilot.api.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a plan predicts: every host's load now and after its last wave, ordered by host id; once the plan
 * has run (succeeded or stopped), {@code measured} beside it: every host's load as found when it ended,
 * where the VMs really were with their demand measured then, taken at {@code measuredAt}.
 */
public record PlanForecast(List<HostForecast> before, List<HostForecast> after, List<HostForecast> measured,
                           Instant measuredAt) {
    public PlanForecast {
        before = sorted(before);
        after = sorted(after);
        measured = measured == null ? null : sorted(measured);
        if ((measured == null) != (measuredAt == null)) {
            throw new IllegalArgumentException("measured and measuredAt go together");
        }
    }

    /** A forecast of a plan that has not run. */
    public PlanForecast(List<HostForecast> before, List<HostForecast> after) {
        this(before, after, null, null);
    }

    private static List<HostForecast> sorted(List<HostForecast> loads) {
        return loads.stream().sorted(Comparator.comparing(HostForecast::hostId)).toList();
    }
}
