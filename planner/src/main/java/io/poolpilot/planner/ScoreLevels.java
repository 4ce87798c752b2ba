package io.poolpilot.planner;

/**
 * A placement's score: hard (must be 0 for a feasible placement), medium (CPU over threshold), soft
 * (imbalance and move cost). Higher is better; all levels are &lt;= 0 here.
 */
public record ScoreLevels(long hard, long medium, long soft) implements Comparable<ScoreLevels> {

    public boolean feasible() {
        return hard >= 0;
    }

    @Override
    public int compareTo(ScoreLevels other) {
        int byHard = Long.compare(hard, other.hard);
        if (byHard != 0) {
            return byHard;
        }
        int byMedium = Long.compare(medium, other.medium);
        return byMedium != 0 ? byMedium : Long.compare(soft, other.soft);
    }

    @Override
    public String toString() {
        return hard + "hard/" + medium + "medium/" + soft + "soft";
    }
}
