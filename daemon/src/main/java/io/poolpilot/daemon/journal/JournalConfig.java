package io.poolpilot.daemon.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the journal lives and how long it keeps cycles.
 *
 * @param retention   a cycle file is deleted once it ended longer ago than this AND every registered
 *                    reader acknowledged past it
 * @param timeProvider clock for cycle rolling and append times (a settable one in tests)
 */
public record JournalConfig(Path directory, RollCycle rollCycle, Duration retention, TimeProvider timeProvider) {

    public JournalConfig {
        Objects.requireNonNull(directory, "journal directory");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(timeProvider, "timeProvider");
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("journal retention must be >= 0, got " + retention);
        }
    }

    /** Hourly cycles, 24 h retention, wall clock. */
    public static JournalConfig defaults(Path directory) {
        return new JournalConfig(directory, RollCycles.FAST_HOURLY, Duration.ofHours(24), SystemTimeProvider.INSTANCE);
    }
}
