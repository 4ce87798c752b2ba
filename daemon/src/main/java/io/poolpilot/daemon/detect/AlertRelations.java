package io.poolpilot.daemon.detect;

/** SQL relation names of alerts (created by {@code common/V30__alerts.sql}). */
public final class AlertRelations {

    private AlertRelations() {
    }

    public static final String ALERT = "alert";
    /** Silences ({@code common/V61__alert_acks_and_silences.sql}). */
    public static final String SILENCE = "alert_silence";
}
