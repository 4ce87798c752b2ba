package io.poolpilot.daemon.journal;

import io.poolpilot.daemon.model.Observation;

import java.util.List;

/** What goes into the journal: observations, appended once, durable before the call returns. */
public interface JournalWriter {

    /**
     * Appends one observation. Safe from any thread, including virtual threads.
     *
     * @return the journal index the observation was written at
     */
    long append(Observation observation);

    /** Appends several observations in order under one hold of the appender; returns the last index. */
    long appendAll(List<? extends Observation> observations);
}
