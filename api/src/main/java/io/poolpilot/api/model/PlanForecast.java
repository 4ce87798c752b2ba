package io.poolpilot.api.model;

import java.util.Comparator;
import java.util.List;

/** What a plan predicts: every host's load now and after its last wave, ordered by host id. */
public record PlanForecast(List<HostForecast> before, List<HostForecast> after) {
    public PlanForecast {
        before = before.stream().sorted(Comparator.comparing(HostForecast::hostId)).toList();
        after = after.stream().sorted(Comparator.comparing(HostForecast::hostId)).toList();
    }
}
