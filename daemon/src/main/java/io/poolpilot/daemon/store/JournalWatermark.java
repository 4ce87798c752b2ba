package io.poolpilot.daemon.store;

import io.poolpilot.daemon.journal.JournalReader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A journal reader's committed position in {@code journal_watermark}, written in the same transaction as its rows. */
final class JournalWatermark {

    private JournalWatermark() {
    }

    /** The reader's committed index, or {@link JournalReader#NONE}. */
    static long read(Connection connection, String reader) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT queue_index FROM " + Relations.JOURNAL_WATERMARK
                + " WHERE reader = ?")) {
            ps.setString(1, reader);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : JournalReader.NONE;
            }
        }
    }

    /** Moves the reader's position to {@code index} inside the caller's transaction. */
    static void write(Connection connection, String reader, long index) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Relations.JOURNAL_WATERMARK
                + " (reader, queue_index, updated_at) VALUES (?, ?, now())"
                + " ON CONFLICT (reader) DO UPDATE SET queue_index = excluded.queue_index, updated_at = excluded.updated_at")) {
            ps.setString(1, reader);
            ps.setLong(2, index);
            ps.executeUpdate();
        }
    }
}
