package io.poolpilot.planner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Steps that may run in parallel. Waves run one after another; every state between waves, and every
 * host during a wave (a migrating VM counts on both hosts), satisfies the hard constraints.
 */
public record Wave(List<Step> steps) {

    public Wave {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a wave needs at least one step");
        }
        Set<String> vms = new HashSet<>();
        for (Step step : steps) {
            if (!vms.add(step.vmId())) {
                throw new IllegalArgumentException("vm " + step.vmId() + " migrates twice in one wave");
            }
        }
    }
}
