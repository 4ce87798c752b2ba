package io.poolpilot.daemon.store;

import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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
    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start(pgDir, false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    @Tag("plain-only")
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
                .isEqualTo("1:V1__dimensions.sql,2:V2__samples_plain.sql,10:V10__usage.sql,20:V20__plans.sql,30:V30__alerts.sql,40:V40__operations.sql,60:V60__alert_answers.sql");
        assertThat(Sql.value(ds, "SELECT to_regclass('" + Relations.SCHEMA_VERSION + "')")).as("no pre-Flyway table").isNull();
    }

    @Test
    void migratingTwiceAppliesNothingTheSecondTimeAndKeepsTheSchemasFlavour() throws Exception {
        DataSource ds = postgres.createDatabase("migrate_twice");
        StoreSchema.prepare(ds, TestPostgres.choice());
        long applied = Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY);
        assertThat(StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO)).isInstanceOf(TestPostgres.flavourClass());
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY)).isEqualTo(applied)
                .isEqualTo(TestPostgres.timescale() ? 8 : 7);
    }

    @Test
    @Tag("plain-only")
    void askingForTimescaleWithoutTheExtensionFailsWithAHint() {
        DataSource ds = postgres.createDatabase("no_timescale");
        assertThatThrownBy(() -> StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALEDB))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("the timescaledb extension is not available on this server")
                .hasMessageContaining("set database.flavour: plain");
    }

    @Test
    @Tag("timescaledb")
    void timescaledbIsDetectedWithHypertablesCompressionRetentionAndContinuousAggregates() throws Exception {
        DataSource ds = postgres.createDatabase("timescale_detect");
        StorageFlavour flavour = StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO);
        assertThat(flavour).isInstanceOf(StorageFlavour.Timescale.class);
        assertThat(((StorageFlavour.Timescale) flavour).extensionVersion()).isEqualTo(Sql.value(ds,
                "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"));
        for (String relation : Relations.READABLE) {
            assertThat(Sql.value(ds, "SELECT to_regclass('" + relation + "') IS NOT NULL")).as(relation).isEqualTo(true);
        }
        assertThat(Sql.value(ds, "SELECT string_agg(hypertable_name || ':' || compression_enabled, ',' ORDER BY hypertable_name)"
                + " FROM timescaledb_information.hypertables WHERE hypertable_name IN ('vm_sample', 'host_sample')"))
                .isEqualTo("host_sample:true,vm_sample:true");
        assertThat(Sql.value(ds, "SELECT string_agg(view_name || ':' || materialized_only, ',' ORDER BY view_name)"
                + " FROM timescaledb_information.continuous_aggregates"))
                .isEqualTo("host_sample_1h:true,host_sample_1m:true,vm_sample_1h:true,vm_sample_1m:true");
        DbWriterConfig defaults = DbWriterConfig.defaults();
        assertThat(Sql.value(ds, "SELECT string_agg(coalesce(c.view_name, j.hypertable_name) || '='"
                + " || extract(day FROM (j.config->>'drop_after')::interval), ',' ORDER BY coalesce(c.view_name, j.hypertable_name))"
                + " FROM timescaledb_information.jobs j LEFT JOIN timescaledb_information.continuous_aggregates c"
                + " ON c.materialization_hypertable_name = j.hypertable_name WHERE j.proc_name = 'policy_retention'"))
                .as("retention in the migration = DbWriterConfig's defaults: raw < minute rollups < hour rollups")
                .isEqualTo("host_sample=" + defaults.rawRetentionDays() + ",host_sample_1h=" + defaults.hourRollupRetentionDays()
                        + ",host_sample_1m=" + defaults.minuteRollupRetentionDays() + ",vm_sample=" + defaults.rawRetentionDays()
                        + ",vm_sample_1h=" + defaults.hourRollupRetentionDays() + ",vm_sample_1m=" + defaults.minuteRollupRetentionDays());
        assertThat(Sql.value(ds, "SELECT string_agg(version || ':' || script, ',' ORDER BY installed_rank) FROM "
                + Relations.SCHEMA_HISTORY + " WHERE success"))
                .isEqualTo("1:V1__dimensions.sql,2:V2__samples_timescale.sql,10:V10__usage.sql,20:V20__plans.sql,30:V30__alerts.sql,"
                        + "40:V40__operations.sql,45:V45__late_data_and_rollup_retention.sql,60:V60__alert_answers.sql");
    }

    @Test
    @Tag("timescaledb")
    void aRoleThatMayNotCreateTheExtensionIsToldHowAtStartUp() throws Exception {
        DataSource admin = postgres.createDatabase("no_privilege");
        String database = (String) Sql.value(admin, "SELECT current_database()");
        String role = "role_" + database;
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN");
        }
        org.postgresql.ds.PGSimpleDataSource asRole = new org.postgresql.ds.PGSimpleDataSource();
        asRole.setUrl(System.getProperty(TestPostgres.URL_PROPERTY).replaceFirst("/postgres\\?.*$", "/" + database));
        asRole.setUser(role);
        assertThatThrownBy(() -> StoreSchema.prepare(asRole, StorageFlavour.Choice.AUTO))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("role " + role + " may not CREATE EXTENSION timescaledb in database " + database)
                .hasMessageContaining("ALTER DATABASE " + database + " OWNER TO " + role);
        assertThat(Sql.value(admin, "SELECT to_regclass('vm_sample')")).as("nothing half-migrated").isNull();
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " OWNER TO " + role);
        }
        assertThat(StoreSchema.prepare(asRole, StorageFlavour.Choice.AUTO)).as("the named fix works")
                .isInstanceOf(StorageFlavour.Timescale.class);
    }

    @Test
    @Tag("timescaledb")
    void aDatabaseNeverChangesFlavourAndSaysSo() throws Exception {
        DataSource ds = postgres.createDatabase("keeps_flavour");
        StoreSchema.prepare(ds, StorageFlavour.Choice.TIMESCALEDB);
        assertThatThrownBy(() -> StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("database.flavour is plain but this database's schema was created as timescaledb");
    }

    @Test
    void anUnusableTimescaledbIsRefusedNamingTheFix() {
        TimescaleServer fine = new TimescaleServer("2.28.3", null, true, false, true, true, "poolpilot", "pp");
        assertThat(fine.problem()).isNull();
        assertThat(new TimescaleServer("2.28.3", null, false, true, true, true, "poolpilot", "pp").problem())
                .contains("not preloaded").contains("shared_preload_libraries = 'timescaledb'").contains("restart PostgreSQL");
        assertThat(new TimescaleServer("2.11.2", null, true, true, true, true, "poolpilot", "pp").problem())
                .contains("TimescaleDB 2.11.2 is too old: PoolPilot needs 2.13.0 or newer");
        assertThat(new TimescaleServer("2.28.3", "2.9.0", true, true, true, true, "poolpilot", "pp").problem())
                .as("the version installed in the database counts").contains("2.9.0 is too old")
                .contains("ALTER EXTENSION timescaledb UPDATE");
        assertThat(new TimescaleServer("2.28.3", null, true, false, false, true, "poolpilot", "pp").problem())
                .contains("role poolpilot may not CREATE EXTENSION timescaledb in database pp")
                .contains("as a superuser").doesNotContain("OWNER");
        assertThat(new TimescaleServer("2.28.3", "2.28.3", true, false, false, false, "poolpilot", "pp").problem())
                .as("already created: no privilege needed").isNull();
        assertThat(new TimescaleServer(null, null, false, true, false, false, "poolpilot", "pp").problem())
                .contains("not available on this server");
        assertThat(TimescaleServer.compare("2.13.0", "2.9.1")).isPositive();
        assertThat(TimescaleServer.compare("2.28.3-dev", "2.28.3")).isZero();
    }

    @Test
    void timescaleFlavourSelectsItsOwnMigrationWithHypertablesPoliciesAndContinuousAggregates() throws Exception {
        StorageFlavour timescale = new StorageFlavour.Timescale("2.17.0");
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
