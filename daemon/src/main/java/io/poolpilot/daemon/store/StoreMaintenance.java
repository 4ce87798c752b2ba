package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.journal.JournalEntry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * What the DB writer does for its storage flavour besides writing rows: before a batch (partitions),
 * inside the batch's transaction (marking what rollups must recompute) and between batches (rollups,
 * retention). All calls come from the writer's one thread, on its connection.
 */
sealed interface StoreMaintenance permits PlainMaintenance, TimescaleMaintenance {

    static StoreMaintenance of(StorageFlavour flavour, DbWriterConfig config, MeterRegistry registry, Clock clock) {
        return switch (flavour) {
            case StorageFlavour.Plain plain -> new PlainMaintenance(config, registry, clock);
            case StorageFlavour.Timescale timescale -> new TimescaleMaintenance(config, registry);
        };
    }

    /** The connection was replaced: forget what was known about the server. */
    void reset();

    /** Before the batch's transaction, in autocommit (a failed batch never undoes it). */
    void beforeBatch(Connection connection, List<JournalEntry> batch, long minSecond, long maxSecond) throws SQLException;

    /** Inside the batch's transaction, after its rows. */
    void inTransaction(Connection connection, PreparedBatch batch) throws SQLException;

    /** When (epoch millis) {@link #run} next has work; an idle writer stops waiting for entries then. */
    long dueAtMillis();

    /** Between batches: whatever is due. */
    void run(Connection connection) throws SQLException;
}
