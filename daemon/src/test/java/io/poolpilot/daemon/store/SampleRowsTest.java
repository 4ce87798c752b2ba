package io.poolpilot.daemon.store;

import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.VmSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleRowsTest {

    private static final String POOL = "11111111-1111-1111-1111-111111111111";
    private static final String HOST = "22222222-2222-2222-2222-222222222222";
    private static final String VM = "33333333-3333-3333-3333-333333333333";
    private static final long T = 1_795_000_000L;

    @TempDir
    static Path pgDir;
    private static EmbeddedDatabase postgres;
    private static DataSource ds;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedDatabase.start(pgDir, 0, false);
        ds = postgres.createDatabase("sample_rows");
        StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String format : List.of("binary", "text")) {
                st.execute("CREATE TABLE vm_rows_" + format + " (LIKE " + Relations.VM_SAMPLE + ")");
                st.execute("CREATE TABLE host_rows_" + format + " (LIKE " + Relations.HOST_SAMPLE + ")");
            }
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void binaryAndTextCopyStoreTheSameRowsWithAbsentMetricsAsNull() throws Exception {
        List<SampleRows.VmRow> vms = List.of(
                new SampleRows.VmRow(7, 3, new VmSample(POOL, HOST, VM, T, 5, 4, 1.25, 8.0 * (1L << 30), 1.5e9, Double.NaN,
                        1234.5, 0.0, Double.NaN, 99.75)),
                new SampleRows.VmRow(8, 3, new VmSample(POOL, HOST, VM, T + 5, 5, 2, Double.NaN, 2e9, Double.NaN, 2e9,
                        Double.NaN, Double.NaN, 1e-3, 4.2e12)));
        List<SampleRows.HostRow> hosts = List.of(
                new SampleRows.HostRow(3, new HostSample(POOL, HOST, T, 5, 32, 0.625, 256.0 * (1L << 30), 1e11,
                        Double.NaN, 5e8, 1.0 / 3)));

        for (CopyFormat format : CopyFormat.values()) {
            String suffix = format == CopyFormat.BINARY ? "binary" : "text";
            try (Connection c = ds.getConnection()) {
                SampleRows rows = new SampleRows(format);
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                assertThat(rows.copyVmRows(copy, "vm_rows_" + suffix, vms)).isEqualTo(2);
                assertThat(rows.copyHostRows(copy, "host_rows_" + suffix, hosts)).isEqualTo(1);
            }
        }

        for (String table : List.of("vm_rows", "host_rows")) {
            assertThat(Sql.count(ds, "SELECT count(*) FROM (SELECT * FROM " + table + "_binary EXCEPT SELECT * FROM "
                    + table + "_text) differing")).as(table).isZero();
            assertThat(Sql.count(ds, "SELECT count(*) FROM " + table + "_text")).isEqualTo(table.startsWith("vm") ? 2 : 1);
        }
        assertThat(Sql.value(ds, "SELECT memory_target_bytes IS NULL AND net_rx_bytes_per_second IS NULL"
                + " AND memory_bytes = 8589934592 AND cpu_used_cores = 1.25 AND net_tx_bytes_per_second = 99.75"
                + " AND ts = to_timestamp(" + T + ") FROM vm_rows_text WHERE vm_id = 7")).isEqualTo(true);
        assertThat(Sql.value(ds, "SELECT load_average IS NULL AND cpu_fraction = 0.625 AND cpu_count = 32"
                + " AND abs(net_tx_bytes_per_second - 1.0 / 3) < 1e-15 FROM host_rows_binary")).isEqualTo(true);
    }
}
