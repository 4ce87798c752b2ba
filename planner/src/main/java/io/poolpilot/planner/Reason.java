package io.poolpilot.planner;

import java.util.List;
import java.util.Objects;

/**
 * Why a step is in the plan, for an operator.
 *
 * @param summary           one line, e.g. "evacuate h3 (maintenance)" or "balance CPU: h1 92% -> 80%"
 * @param constraintMatches the constraint matches in the current placement that this VM or its source
 *                          host takes part in, each readable on its own
 * @param sourceBefore      source host before the step's wave
 * @param sourceAfter       source host after the step's wave
 * @param destinationBefore destination host before the step's wave
 * @param destinationAfter  destination host after the step's wave
 */
public record Reason(
        String summary,
        List<String> constraintMatches,
        HostLoad sourceBefore,
        HostLoad sourceAfter,
        HostLoad destinationBefore,
        HostLoad destinationAfter) {

    public Reason {
        Objects.requireNonNull(summary, "summary");
        constraintMatches = List.copyOf(constraintMatches);
        Objects.requireNonNull(sourceBefore, "sourceBefore");
        Objects.requireNonNull(sourceAfter, "sourceAfter");
        Objects.requireNonNull(destinationBefore, "destinationBefore");
        Objects.requireNonNull(destinationAfter, "destinationAfter");
    }
}
