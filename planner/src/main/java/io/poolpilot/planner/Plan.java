package io.poolpilot.planner;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A migration plan: ordered waves of steps, host loads before and after, the score and a readable
 * explanation. An empty plan (no waves) means nothing worth doing.
 *
 * @param waves       waves in execution order
 * @param before      load per host now
 * @param after       load per host after the last wave
 * @param score       score before and after
 * @param explanation lines for an operator: what the plan achieves, what it gave up and why
 */
public record Plan(
        List<Wave> waves,
        Map<String, HostLoad> before,
        Map<String, HostLoad> after,
        PlanScore score,
        List<String> explanation) {

    public Plan {
        waves = List.copyOf(waves);
        before = java.util.Collections.unmodifiableMap(new TreeMap<>(before));
        after = java.util.Collections.unmodifiableMap(new TreeMap<>(after));
        Objects.requireNonNull(score, "score");
        explanation = List.copyOf(explanation);
    }

    /** All steps in execution order. */
    public List<Step> steps() {
        return waves.stream().flatMap(w -> w.steps().stream()).toList();
    }

    public boolean isEmpty() {
        return waves.isEmpty();
    }

    public int migrationCount() {
        return waves.stream().mapToInt(w -> w.steps().size()).sum();
    }

    public long movedBytes() {
        return waves.stream().flatMap(w -> w.steps().stream()).mapToLong(Step::memoryBytes).sum();
    }
}
