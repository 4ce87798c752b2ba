package io.poolpilot.daemon.store;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.VmSample;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Encodes resolved sample rows for COPY into {@code vm_sample} / {@code host_sample}, in PostgreSQL's
 * binary or text format, streaming through a reusable buffer.
 */
public final class SampleRows {

    /** A VM sample with its interned ids. */
    public record VmRow(int vmId, int hostId, VmSample sample) {
    }

    /** A host sample with its interned id. */
    public record HostRow(int hostId, HostSample sample) {
    }

    public static final String VM_COLUMNS = "ts, vm_id, host_id, step_seconds, vcpus, cpu_used_cores, memory_bytes,"
            + " memory_free_bytes, memory_target_bytes, disk_read_bytes_per_second, disk_write_bytes_per_second,"
            + " net_rx_bytes_per_second, net_tx_bytes_per_second";
    public static final String HOST_COLUMNS = "ts, host_id, step_seconds, cpu_count, cpu_fraction, memory_total_bytes,"
            + " memory_free_bytes, load_average, net_rx_bytes_per_second, net_tx_bytes_per_second";

    private static final byte[] BINARY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Seconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final int VM_COLUMN_COUNT = VM_COLUMNS.split(",").length;
    private static final int HOST_COLUMN_COUNT = HOST_COLUMNS.split(",").length;

    private final CopyFormat format;
    private byte[] buffer = new byte[FLUSH_BYTES + 4096];
    private int length;
    private CopyIn copy;
    private int rowColumns;
    private int fieldsInRow;

    public SampleRows(CopyFormat format) {
        this.format = format;
    }

    /** COPYs the VM rows into {@code table}; returns the number of rows the server reported. */
    public long copyVmRows(CopyManager copyManager, String table, List<VmRow> rows) throws SQLException {
        return copy(copyManager, table, VM_COLUMNS, VM_COLUMN_COUNT, rows, this::vmFields);
    }

    /** COPYs the host rows into {@code table}; returns the number of rows the server reported. */
    public long copyHostRows(CopyManager copyManager, String table, List<HostRow> rows) throws SQLException {
        return copy(copyManager, table, HOST_COLUMNS, HOST_COLUMN_COUNT, rows, this::hostFields);
    }

    /** The fields of one VM row, in the order of {@link #VM_COLUMNS}. */
    private void vmFields(VmRow row) {
        VmSample s = row.sample();
        timestamp(s.timeSeconds());
        integer(row.vmId());
        integer(row.hostId());
        integer(s.stepSeconds());
        integer(s.vcpus());
        real(s.cpuUsedCores());
        bigint(s.memoryBytes());
        bigint(s.memoryFreeBytes());
        bigint(s.memoryTargetBytes());
        real(s.diskReadBytesPerSecond());
        real(s.diskWriteBytesPerSecond());
        real(s.netRxBytesPerSecond());
        real(s.netTxBytesPerSecond());
    }

    /** The fields of one host row, in the order of {@link #HOST_COLUMNS}. */
    private void hostFields(HostRow row) {
        HostSample s = row.sample();
        timestamp(s.timeSeconds());
        integer(row.hostId());
        integer(s.stepSeconds());
        integer(s.cpuCount());
        real(s.cpuFraction());
        bigint(s.memoryTotalBytes());
        bigint(s.memoryFreeBytes());
        real(s.loadAverage());
        real(s.netRxBytesPerSecond());
        real(s.netTxBytesPerSecond());
    }

    private <R> long copy(CopyManager copyManager, String table, String columns, int columnCount, List<R> rows,
                          java.util.function.Consumer<R> fields) throws SQLException {
        begin(copyManager, table, columns);
        try {
            for (R row : rows) {
                startRow(columnCount);
                fields.accept(row);
                endRow();
                maybeFlush();
            }
            return end();
        } catch (SQLException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    // ---- one field at a time in the chosen COPY format: each row layout above serves both

    private void startRow(int columns) {
        rowColumns = columns;
        fieldsInRow = 0;
        if (format == CopyFormat.BINARY) {
            putShort(columns);
        }
    }

    private void endRow() {
        if (fieldsInRow != rowColumns) {
            throw new IllegalStateException("COPY row has " + fieldsInRow + " fields for " + rowColumns + " columns");
        }
        if (format == CopyFormat.TEXT) {
            ensure(1);
            buffer[length++] = '\n';
        }
    }

    /** Counts the field; in text, writes the tab before every field but the first. True for binary. */
    private boolean nextField() {
        if (format == CopyFormat.TEXT && fieldsInRow > 0) {
            ensure(1);
            buffer[length++] = '\t';
        }
        fieldsInRow++;
        return format == CopyFormat.BINARY;
    }

    private void timestamp(long epochSeconds) {
        if (nextField()) {
            putRawInt(8);
            putRawLong((epochSeconds - PG_EPOCH_SECONDS) * 1_000_000L);
        } else {
            text(Instant.ofEpochSecond(epochSeconds).toString());
        }
    }

    private void integer(int v) {
        if (nextField()) {
            putRawInt(4);
            putRawInt(v);
        } else {
            text(Integer.toString(v));
        }
    }

    /** A double precision column; NaN is NULL. */
    private void real(double v) {
        if (nextField()) {
            if (Double.isNaN(v)) {
                putRawInt(-1);
            } else {
                putRawInt(8);
                putRawLong(Double.doubleToRawLongBits(v));
            }
        } else {
            text(Double.isNaN(v) ? "\\N" : Double.toString(v));
        }
    }

    /** A bigint column from a byte count; NaN is NULL. */
    private void bigint(double v) {
        if (nextField()) {
            if (Double.isNaN(v)) {
                putRawInt(-1);
            } else {
                putRawInt(8);
                putRawLong(Math.round(v));
            }
        } else {
            text(Double.isNaN(v) ? "\\N" : Long.toString(Math.round(v)));
        }
    }

    /** Whether a bigint column can hold this byte count (NaN is NULL and always fits). */
    static boolean fitsBigint(double value) {
        return Double.isNaN(value) || value < 9.0e18;
    }

    private void begin(CopyManager copyManager, String table, String columns) throws SQLException {
        length = 0;
        copy = copyManager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT "
                + (format == CopyFormat.BINARY ? "binary" : "text") + ")");
        if (format == CopyFormat.BINARY) {
            ensure(BINARY_SIGNATURE.length + 8);
            System.arraycopy(BINARY_SIGNATURE, 0, buffer, 0, BINARY_SIGNATURE.length);
            length = BINARY_SIGNATURE.length;
            putRawInt(0); // flags
            putRawInt(0); // header extension length
        }
    }

    private long end() throws SQLException {
        if (format == CopyFormat.BINARY) {
            putShort(-1);
        }
        flush();
        long rows = copy.endCopy();
        copy = null;
        return rows;
    }

    private void abort() {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // The connection is broken or the copy already failed; the transaction rolls back anyway.
            }
        }
        copy = null;
    }

    private void maybeFlush() throws SQLException {
        if (length >= FLUSH_BYTES) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    private void putShort(int v) {
        ensure(2);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void putRawInt(int v) {
        ensure(4);
        buffer[length++] = (byte) (v >>> 24);
        buffer[length++] = (byte) (v >>> 16);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void putRawLong(long v) {
        putRawInt((int) (v >>> 32));
        putRawInt((int) v);
    }

    private void text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

}
