package io.poolpilot.daemon.usage;

/** Metric names of the usage meter and account control, in one place. */
public final class UsageMetricNames {

    private UsageMetricNames() {
    }

    /** VM samples handled by the meter, tagged by outcome (counted, duplicate, late, late_unverified). */
    public static final String SAMPLES = "poolpilot.usage.samples";
    /** Usage records written. */
    public static final String RECORDS = "poolpilot.usage.records";
    /** Failed commits (each followed by a replay from the committed index). */
    public static final String COMMIT_FAILURES = "poolpilot.usage.commit.failures";
    /** VM hours held open. */
    public static final String OPEN_HOURS = "poolpilot.usage.open.hours";
    /** Account control VM actions, tagged by outcome. */
    public static final String CONTROL_ACTIONS = "poolpilot.billing.control.actions";

    public static final String TAG_OUTCOME = "outcome";
}
