package io.poolpilot.daemon.store;

import io.poolpilot.daemon.fixtures.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageFlavourTest {

    @TempDir
    static Path pgDir;
    private static EmbeddedDatabase postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedDatabase.start(pgDir, 0, false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void plainPostgresIsDetectedAndOffersEveryReadableRelation() throws Exception {
        DataSource ds = postgres.createDatabase("plain_detect");
        StorageFlavour flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO);
        assertThat(flavour).isEqualTo(new StorageFlavour.Plain());
        for (String relation : Relations.READABLE) {
            assertThat(Sql.value(ds, "SELECT to_regclass('" + relation + "') IS NOT NULL")).as(relation).isEqualTo(true);
        }
        assertThat(Sql.value(ds, "SELECT to_regclass('" + Relations.ROLLUP_DIRTY + "') IS NOT NULL")).isEqualTo(true);
        assertThat(Sql.value(ds, "SELECT string_agg(version || ':' || script, ',' ORDER BY installed_rank) FROM "
                + Relations.SCHEMA_HISTORY + " WHERE success"))
                .isEqualTo("1:V1__dimensions.sql,2:V2__samples_plain.sql,10:V10__usage.sql,20:V20__plans.sql,30:V30__alerts.sql,40:V40__operations.sql,50:V50__plan_step_errors_and_measured_load.sql");
        assertThat(Sql.value(ds, "SELECT to_regclass('" + Relations.SCHEMA_VERSION + "')")).as("no pre-Flyway table").isNull();
    }

    @Test
    void migratingTwiceAppliesNothingTheSecondTimeAndKeepsTheSchemasFlavour() throws Exception {
        DataSource ds = postgres.createDatabase("plain_twice");
        StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN);
        long applied = Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY);
        assertThat(StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO)).isEqualTo(new StorageFlavour.Plain());
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY)).isEqualTo(applied).isEqualTo(7);
    }

    @Test
    void askingForTimescaleWithoutTheExtensionFailsWithAHint() {
        DataSource ds = postgres.createDatabase("no_timescale");
        assertThatThrownBy(() -> StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALE))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("timescaledb extension is not available");
    }

    @Test
    void timescaleFlavourSelectsItsOwnMigrationWithHypertablesPoliciesAndContinuousAggregates() throws Exception {
        StorageFlavour timescale = new StorageFlavour.Timescale("2.17.0");
        assertThat(timescale.daemonMaintainsPartitionsAndRollups()).isFalse();
        assertThat(timescale.locations()).containsExactly("classpath:db/migration/common", "classpath:db/migration/timescale");
        assertThat(new StorageFlavour.Plain().locations()).containsExactly("classpath:db/migration/common", "classpath:db/migration/plain");
        String sql = resource("timescale/V2__samples_timescale.sql");
        assertThat(sql)
                .contains("CREATE EXTENSION IF NOT EXISTS timescaledb")
                .contains("create_hypertable('vm_sample', by_range('ts', INTERVAL '1 day'))")
                .contains("create_hypertable('host_sample', by_range('ts', INTERVAL '1 day'))")
                .contains("timescaledb.compress_segmentby = 'vm_id'")
                .contains("timescaledb.compress_segmentby = 'host_id'")
                .contains("add_compression_policy('vm_sample'")
                .contains("add_retention_policy('vm_sample'")
                .contains("add_continuous_aggregate_policy('vm_sample_1h'");
        for (String relation : List.of(Relations.VM_SAMPLE, Relations.HOST_SAMPLE)) {
            assertThat(sql).contains("CREATE TABLE " + relation + " (");
        }
        for (String relation : List.of(Relations.VM_SAMPLE_1M, Relations.VM_SAMPLE_1H, Relations.HOST_SAMPLE_1M, Relations.HOST_SAMPLE_1H)) {
            assertThat(sql).contains("CREATE MATERIALIZED VIEW " + relation + " WITH (timescaledb.continuous) AS");
        }
    }

    /**
     * PostgreSQL's own parser checks the TimescaleDB migration: PL/pgSQL parses every statement of a
     * function body when the function is created, without running it or resolving names.
     */
    @Test
    void timescaleMigrationIsSyntacticallyValidSql() throws Exception {
        DataSource ds = postgres.createDatabase("timescale_syntax");
        String sql = resource("timescale/V2__samples_timescale.sql")
                .replaceAll("(?m)^--.*$", "")
                .replaceAll("(?m)^SELECT (create_hypertable|add_)", "PERFORM $1");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION timescale_syntax_check() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN "
                    + sql + " END $body$");
            st.execute("DROP FUNCTION timescale_syntax_check()");
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE FUNCTION broken() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN "
                    + "CREATE MATERIALIZED VIEW x WITH (timescaledb.continuous) AS SELEC 1; END $body$"))
                    .as("the check can fail").hasMessageContaining("syntax error");
        }
    }

    private static String resource(String migration) throws java.io.IOException {
        try (var in = StorageFlavourTest.class.getResourceAsStream("/db/migration/" + migration)) {
            assertThat(in).as(migration).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
