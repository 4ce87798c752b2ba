package io.poolpilot.daemon.journal;

import io.poolpilot.daemon.model.Observation;

/**
 * One journal entry as a reader sees it.
 *
 * @param index             Chronicle index of the entry; strictly increasing, gaps only across cycles
 * @param appendTimeMillis  wall-clock time the writer appended it (for latency and time seeks)
 */
public record JournalEntry(long index, long appendTimeMillis, Observation observation) {
}
