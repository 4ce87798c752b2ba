package io.poolpilot.daemon.store;

import io.poolpilot.daemon.journal.JournalEntry;

import java.sql.Connection;
import java.util.List;

/** TimescaleDB: chunks, compression, retention and continuous aggregates are the server's own jobs. */
final class TimescaleMaintenance implements StoreMaintenance {

    @Override
    public void reset() {
    }

    @Override
    public void beforeBatch(Connection connection, List<JournalEntry> batch, long minSecond, long maxSecond) {
    }

    @Override
    public void inTransaction(Connection connection, PreparedBatch batch) {
    }

    @Override
    public long dueAtMillis() {
        return Long.MAX_VALUE;
    }

    @Override
    public void run(Connection connection) {
    }
}
