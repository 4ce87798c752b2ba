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

    private final CopyFormat format;
    private byte[] buffer = new byte[FLUSH_BYTES + 4096];
    private int length;
    private CopyIn copy;

    public SampleRows(CopyFormat format) {
        this.format = format;
    }

    /** COPYs the VM rows into {@code table}; returns the number of rows the server reported. */
    public long copyVmRows(CopyManager copyManager, String table, List<VmRow> rows) throws SQLException {
        begin(copyManager, table, VM_COLUMNS);
        try {
            for (VmRow row : rows) {
                VmSample s = row.sample();
                if (format == CopyFormat.BINARY) {
                    putShort(13);
                    putTimestamp(s.timeSeconds());
                    putInt(row.vmId());
                    putInt(row.hostId());
                    putInt(s.stepSeconds());
                    putInt(s.vcpus());
                    putDouble(s.cpuUsedCores());
                    putBigint(s.memoryBytes());
                    putBigint(s.memoryFreeBytes());
                    putBigint(s.memoryTargetBytes());
                    putDouble(s.diskReadBytesPerSecond());
                    putDouble(s.diskWriteBytesPerSecond());
                    putDouble(s.netRxBytesPerSecond());
                    putDouble(s.netTxBytesPerSecond());
                } else {
                    text(Instant.ofEpochSecond(s.timeSeconds()).toString()).tab();
                    text(Integer.toString(row.vmId())).tab();
                    text(Integer.toString(row.hostId())).tab();
                    text(Integer.toString(s.stepSeconds())).tab();
                    text(Integer.toString(s.vcpus())).tab();
                    textDouble(s.cpuUsedCores()).tab();
                    textBigint(s.memoryBytes()).tab();
                    textBigint(s.memoryFreeBytes()).tab();
                    textBigint(s.memoryTargetBytes()).tab();
                    textDouble(s.diskReadBytesPerSecond()).tab();
                    textDouble(s.diskWriteBytesPerSecond()).tab();
                    textDouble(s.netRxBytesPerSecond()).tab();
                    textDouble(s.netTxBytesPerSecond()).newline();
                }
                maybeFlush();
            }
            return end();
        } catch (SQLException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** COPYs the host rows into {@code table}; returns the number of rows the server reported. */
    public long copyHostRows(CopyManager copyManager, String table, List<HostRow> rows) throws SQLException {
        begin(copyManager, table, HOST_COLUMNS);
        try {
            for (HostRow row : rows) {
                HostSample s = row.sample();
                if (format == CopyFormat.BINARY) {
                    putShort(10);
                    putTimestamp(s.timeSeconds());
                    putInt(row.hostId());
                    putInt(s.stepSeconds());
                    putInt(s.cpuCount());
                    putDouble(s.cpuFraction());
                    putBigint(s.memoryTotalBytes());
                    putBigint(s.memoryFreeBytes());
                    putDouble(s.loadAverage());
                    putDouble(s.netRxBytesPerSecond());
                    putDouble(s.netTxBytesPerSecond());
                } else {
                    text(Instant.ofEpochSecond(s.timeSeconds()).toString()).tab();
                    text(Integer.toString(row.hostId())).tab();
                    text(Integer.toString(s.stepSeconds())).tab();
                    text(Integer.toString(s.cpuCount())).tab();
                    textDouble(s.cpuFraction()).tab();
                    textBigint(s.memoryTotalBytes()).tab();
                    textBigint(s.memoryFreeBytes()).tab();
                    textDouble(s.loadAverage()).tab();
                    textDouble(s.netRxBytesPerSecond()).tab();
                    textDouble(s.netTxBytesPerSecond()).newline();
                }
                maybeFlush();
            }
            return end();
        } catch (SQLException | RuntimeException e) {
            abort();
            throw e;
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

    private void putInt(int v) {
        putRawInt(4);
        putRawInt(v);
    }

    private void putTimestamp(long epochSeconds) {
        putRawInt(8);
        putRawLong((epochSeconds - PG_EPOCH_SECONDS) * 1_000_000L);
    }

    private void putDouble(double v) {
        if (Double.isNaN(v)) {
            putRawInt(-1);
        } else {
            putRawInt(8);
            putRawLong(Double.doubleToRawLongBits(v));
        }
    }

    private void putBigint(double v) {
        if (Double.isNaN(v)) {
            putRawInt(-1);
        } else {
            putRawInt(8);
            putRawLong(Math.round(v));
        }
    }

    private SampleRows text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    private SampleRows textDouble(double v) {
        return Double.isNaN(v) ? text("\\N") : text(Double.toString(v));
    }

    private SampleRows textBigint(double v) {
        return Double.isNaN(v) ? text("\\N") : text(Long.toString(Math.round(v)));
    }

    private void tab() {
        ensure(1);
        buffer[length++] = '\t';
    }

    private void newline() {
        ensure(1);
        buffer[length++] = '\n';
    }
}
