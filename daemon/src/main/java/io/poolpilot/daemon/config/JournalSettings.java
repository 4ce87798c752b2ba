package io.poolpilot.daemon.config;

import java.nio.file.Path;

/** Where the journal lives and how long its cycles are kept once every reader has passed them. */
public record JournalSettings(Path dir, int retentionHours) {

    public static JournalSettings defaults() {
        return new JournalSettings(null, 48);
    }

    public JournalSettings {
        retentionHours = retentionHours == 0 ? 48 : retentionHours;
        if (retentionHours < 1) {
            throw new IllegalArgumentException("journal.retentionHours must be positive, got " + retentionHours);
        }
    }
}
