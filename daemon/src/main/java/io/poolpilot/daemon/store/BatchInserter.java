package io.poolpilot.daemon.store;

import io.poolpilot.daemon.store.SampleRows.HostRow;
import io.poolpilot.daemon.store.SampleRows.VmRow;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Puts a prepared batch's rows into {@code vm_sample} and {@code host_sample} inside the caller's
 * transaction, by one of three paths: plain COPY (the fast path), COPY into a staging table plus
 * {@code INSERT ... ON CONFLICT DO NOTHING} when a row may collide with a stored one, or row by row
 * under savepoints when the database refuses something that passed validation.
 */
final class BatchInserter {

    /** How a batch's rows go in. */
    enum Path { COPY, TOLERANT, ROW_BY_ROW }

    private final SampleRows encoder;

    BatchInserter(CopyFormat format) {
        this.encoder = new SampleRows(format);
    }

    void insert(Connection connection, PreparedBatch p, Path path) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        if (path == Path.ROW_BY_ROW) {
            insertRowByRow(connection, copy, p);
        } else if (path == Path.TOLERANT || p.mayHaveDuplicates) {
            insertTolerant(connection, copy, p);
        } else {
            if (!p.vmRows.isEmpty()) {
                p.vmWritten = (int) encoder.copyVmRows(copy, Relations.VM_SAMPLE, p.vmRows);
            }
            if (!p.hostRows.isEmpty()) {
                p.hostWritten = (int) encoder.copyHostRows(copy, Relations.HOST_SAMPLE, p.hostRows);
            }
        }
    }

    /** COPY into session-temporary staging tables, then insert what does not collide. */
    private void insertTolerant(Connection connection, CopyManager copy, PreparedBatch p) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS vm_sample_stage (LIKE " + Relations.VM_SAMPLE + ") ON COMMIT DELETE ROWS");
            st.execute("CREATE TEMP TABLE IF NOT EXISTS host_sample_stage (LIKE " + Relations.HOST_SAMPLE + ") ON COMMIT DELETE ROWS");
        }
        if (!p.vmRows.isEmpty()) {
            encoder.copyVmRows(copy, "vm_sample_stage", p.vmRows);
            try (Statement st = connection.createStatement()) {
                p.vmWritten = st.executeUpdate("INSERT INTO " + Relations.VM_SAMPLE + " (" + SampleRows.VM_COLUMNS + ") SELECT "
                        + SampleRows.VM_COLUMNS + " FROM vm_sample_stage ON CONFLICT DO NOTHING");
            }
        }
        if (!p.hostRows.isEmpty()) {
            encoder.copyHostRows(copy, "host_sample_stage", p.hostRows);
            try (Statement st = connection.createStatement()) {
                p.hostWritten = st.executeUpdate("INSERT INTO " + Relations.HOST_SAMPLE + " (" + SampleRows.HOST_COLUMNS + ") SELECT "
                        + SampleRows.HOST_COLUMNS + " FROM host_sample_stage ON CONFLICT DO NOTHING");
            }
        }
        int duplicates = p.vmRows.size() + p.hostRows.size() - p.vmWritten - p.hostWritten;
        if (duplicates > 0) {
            p.skips.merge(SkipReason.DUPLICATE_INSTANT, duplicates, Integer::sum);
            p.examples.putIfAbsent(SkipReason.DUPLICATE_INSTANT, "instant already stored (first report wins)");
        }
    }

    /** Last resort: each row under its own savepoint; refused rows are counted and skipped. */
    private void insertRowByRow(Connection connection, CopyManager copy, PreparedBatch p) throws SQLException {
        for (VmRow row : p.vmRows) {
            if (insertOne(connection, p, () -> encoder.copyVmRows(copy, Relations.VM_SAMPLE, List.of(row)),
                    "vm=" + row.sample().vmUuid() + " t=" + row.sample().timeSeconds())) {
                p.vmWritten++;
            }
        }
        for (HostRow row : p.hostRows) {
            if (insertOne(connection, p, () -> encoder.copyHostRows(copy, Relations.HOST_SAMPLE, List.of(row)),
                    "host=" + row.sample().hostUuid() + " t=" + row.sample().timeSeconds())) {
                p.hostWritten++;
            }
        }
    }

    private interface RowInsert {
        void run() throws SQLException;
    }

    private static boolean insertOne(Connection connection, PreparedBatch p, RowInsert insert, String example) throws SQLException {
        java.sql.Savepoint savepoint = connection.setSavepoint();
        try {
            insert.run();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.startsWith("22") && !state.startsWith("23")) {
                throw e;
            }
            connection.rollback(savepoint);
            p.skip("23505".equals(state) ? SkipReason.DUPLICATE_INSTANT : SkipReason.REJECTED_BY_DATABASE,
                    example + " (" + e.getMessage() + ")");
            return false;
        }
    }
}
