package io.poolpilot.daemon.journal;

/**
 * What comes out of the journal: a named tailer, used by one thread at a time, that resumes after
 * its last acknowledged entry when reopened (also after a restart of the process).
 *
 * <p>Reading does not move the durable position: a reader calls {@link #acknowledge(long)} once it
 * has durably handled an entry (the DB writer: after commit). Retention never deletes a cycle a
 * registered reader has not acknowledged past, and the backlog gauge counts unacknowledged entries.
 */
public interface JournalReader extends AutoCloseable {

    /** Sentinel index meaning "nothing acknowledged yet / start of the journal". */
    long NONE = -1L;

    String name();

    /** Next entry, or {@code null} when the reader has caught up with the writer. */
    JournalEntry poll();

    /** Records durable progress up to and including {@code index}; persisted in the queue metadata. */
    void acknowledge(long index);

    /** Last acknowledged index, or {@link #NONE}. */
    long acknowledgedIndex();

    /**
     * Positions the reader so that the next {@link #poll()} returns the first entry after {@code index}
     * ({@link #NONE}: the first entry of the journal). Used by readers that keep their own position,
     * such as the DB writer whose committed index lives in the database.
     */
    void moveAfter(long index);

    /** Positions the reader at the first entry appended at or after {@code epochMillis}. */
    void moveToAppendTime(long epochMillis);

    /** Entries appended after the acknowledged index. */
    long backlog();

    @Override
    void close();
}
