package io.poolpilot.bench.ingest;

import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.store.CopyFormat;
import io.poolpilot.daemon.store.SampleRows;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The yardstick of the ingest benchmark: the estate's rows COPYed straight into the sample tables, no journal. */
final class RawCopyBaseline {

    private final DataSource ds;
    private final SyntheticEstate estate;
    private final Map<String, Integer> vmIds;
    private final Map<String, Integer> hostIds;

    /** Reads the dimension ids the DB writer interned, so the rows match the pipeline's. */
    RawCopyBaseline(DataSource ds, SyntheticEstate estate) throws SQLException {
        this.ds = ds;
        this.estate = estate;
        this.vmIds = ids(ds, "SELECT vm_uuid, vm_id FROM vm");
        this.hostIds = ids(ds, "SELECT host_uuid, host_id FROM host");
    }

    /** Seconds spent in COPY and commit for {@code ticks} ticks from {@code start}, batches of {@code batchSize}. */
    double copySeconds(CopyFormat format, long start, int ticks, int batchSize) throws SQLException {
        Random r = new Random(7);
        SampleRows encoder = new SampleRows(format);
        long nanos = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<SampleRows.VmRow> vmRows = new ArrayList<>();
            List<SampleRows.HostRow> hostRows = new ArrayList<>();
            for (int i = 0; i < ticks; i++) {
                for (Observation o : estate.tick(start + (long) i * estate.step(), r)) {
                    if (o instanceof VmSample s) {
                        vmRows.add(new SampleRows.VmRow(vmIds.get(s.vmUuid()), hostIds.get(s.hostUuid()), s));
                    } else if (o instanceof HostSample s) {
                        hostRows.add(new SampleRows.HostRow(hostIds.get(s.hostUuid()), s));
                    }
                    if (vmRows.size() + hostRows.size() >= batchSize) {
                        nanos += copyBatch(c, copy, encoder, vmRows, hostRows);
                    }
                }
            }
            nanos += copyBatch(c, copy, encoder, vmRows, hostRows);
        }
        return nanos / 1e9;
    }

    /** Empties the sample and rollup tables so the next round writes into the same state. */
    static void truncateSamples(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE vm_sample, host_sample, rollup_dirty, vm_sample_1m, host_sample_1m, vm_sample_1h, host_sample_1h");
            st.execute("CHECKPOINT");
        }
    }

    private static long copyBatch(Connection c, CopyManager copy, SampleRows encoder, List<SampleRows.VmRow> vmRows,
                                  List<SampleRows.HostRow> hostRows) throws SQLException {
        long t = System.nanoTime();
        vmRows.sort(Comparator.comparingInt(SampleRows.VmRow::vmId));
        if (!vmRows.isEmpty()) {
            encoder.copyVmRows(copy, "vm_sample", vmRows);
        }
        if (!hostRows.isEmpty()) {
            encoder.copyHostRows(copy, "host_sample", hostRows);
        }
        c.commit();
        vmRows.clear();
        hostRows.clear();
        return System.nanoTime() - t;
    }

    private static Map<String, Integer> ids(DataSource ds, String sql) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getInt(2));
            }
        }
        return ids;
    }
}
