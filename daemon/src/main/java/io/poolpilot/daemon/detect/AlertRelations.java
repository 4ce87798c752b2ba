package io.poolpilot.daemon.detect;

/** SQL relation names of alerts (created by {@code common/V30__alerts.sql}). */
public final class AlertRelations {

    private AlertRelations() {
    }

    public static final String ALERT = "alert";
}
