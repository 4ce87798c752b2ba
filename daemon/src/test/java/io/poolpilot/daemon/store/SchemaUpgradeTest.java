package io.poolpilot.daemon.store;

import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.daemon.fixtures.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upgrades under Flyway: a database the pre-Flyway migrator created is adopted in place, and an
 * upgrade that fails midway keeps the migrations before the failing one (each runs in its own transaction).
 */
class SchemaUpgradeTest {

    /** A database as the old SchemaMigrator left it at version 30 (plain), with rows; see the file's header. */
    private static final String LEGACY_FIXTURE = "/db/legacy/schema-migrator-plain-v30.sql";
    private static final String TEST_MIGRATIONS = "classpath:db/test-migration/";
    private static final String PREVIOUS_RELEASE = "40";

    @TempDir
    static Path pgDir;
    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start(pgDir, false);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    @Tag("plain-only")
    void databaseTheOldMigratorCreatedIsBaselinedInPlaceWithEveryRowKept() throws Exception {
        DataSource ds = postgres.createDatabase("legacy_adopt");
        execute(ds, resource(LEGACY_FIXTURE));

        assertThat(StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO)).isEqualTo(new StorageFlavour.Plain());

        assertThat(Sql.value(ds, "SELECT string_agg(version || ':' || type || ':' || success, ',' ORDER BY installed_rank) FROM "
                + Relations.SCHEMA_HISTORY)).as("one baseline row at the old version, nothing re-run")
                .isEqualTo("30:BASELINE:true" + shippedAbove(30, ":SQL:true"));
        assertThat(Sql.value(ds, "SELECT description FROM " + Relations.SCHEMA_HISTORY))
                .isEqualTo(LegacySchemaVersion.BASELINE_DESCRIPTION);
        assertRowsOfTheFixture(ds);
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_VERSION)).as("old table left as it was").isEqualTo(5);
        // Identity sequences carried over: new rows get fresh ids, not the fixture's.
        execute(ds, "INSERT INTO vm (vm_uuid, pool_id, name, power_state, vcpus, memory_bytes, first_seen, last_seen) "
                + "VALUES ('vm-new', 1, 'new', 'halted', 1, 1073741824, now(), now())");
        assertThat(Sql.value(ds, "SELECT vm_id FROM vm WHERE vm_uuid = 'vm-new'")).isEqualTo(3);

        assertThat(StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO)).isEqualTo(new StorageFlavour.Plain());
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY)).as("second start: nothing to do").isEqualTo(1 + shippedVersionsAbove(30).size());
    }

    @Test
    @Tag("plain-only")
    void adoptedDatabaseGetsTheMigrationsNewerThanTheOldVersion() throws Exception {
        DataSource ds = postgres.createDatabase("legacy_newer");
        execute(ds, resource(LEGACY_FIXTURE));

        StoreSchema.prepare(ds, StorageFlavour.Choice.PLAIN, List.of(TEST_MIGRATIONS + "newer"));

        assertThat(Sql.value(ds, "SELECT string_agg(version || ':' || type, ',' ORDER BY installed_rank) FROM "
                + Relations.SCHEMA_HISTORY + " WHERE success")).isEqualTo("30:BASELINE,31:SQL" + shippedAbove(30, ":SQL"));
        assertThat(Sql.value(ds, "SELECT string_agg(note, ',' ORDER BY vm_id) FROM vm")).isEqualTo("kept,kept");
        assertRowsOfTheFixture(ds);
    }

    /** The previous release shipped migrations up to V40; a database it made upgrades in place, rows kept. */
    @Test
    void databaseOfThePreviousReleaseUpgradesInPlaceWithItsRows() throws Exception {
        DataSource ds = postgres.createDatabase("previous_release");
        assertThat(StoreSchema.prepare(ds, TestPostgres.choice(), List.of(), PREVIOUS_RELEASE))
                .isInstanceOf(TestPostgres.flavourClass());
        if (!TestPostgres.timescale()) {
            try (Connection c = ds.getConnection()) {
                java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
                new PartitionMaintainer().ensureDays(c, today.minusDays(1), today);
            }
        }
        execute(ds, "INSERT INTO pool (pool_uuid, name, first_seen, last_seen) VALUES ('p-1', 'lab', now(), now());"
                + "INSERT INTO host (host_uuid, pool_id, name, cpu_count, memory_total_bytes, first_seen, last_seen)"
                + " VALUES ('h-1', 1, 'h-1', 8, 68719476736, now(), now());"
                + "INSERT INTO host_sample (ts, host_id, step_seconds, cpu_count, cpu_fraction)"
                + " SELECT now() - make_interval(mins => m), 1, 5, 8, 0.5 FROM generate_series(1, 90) AS m;");
        long before = Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY);

        StoreSchema.prepare(ds, StorageFlavour.Choice.AUTO);

        assertThat(Sql.value(ds, "SELECT max(version::int) FROM " + Relations.SCHEMA_HISTORY + " WHERE success"))
                .isEqualTo(60);
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY))
                .isEqualTo(before + (TestPostgres.timescale() ? 2 : 1));
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(90);
        assertThat(Sql.value(ds, "SELECT name FROM host")).isEqualTo("h-1");
        if (TestPostgres.timescale()) {
            assertThat(Sql.value(ds, "SELECT to_regclass('" + Relations.ROLLUP_REFRESH + "') IS NOT NULL")).isEqualTo(true);
            assertThat(Sql.count(ds, "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"))
                    .as("raw samples and the four rollups").isEqualTo(6);
        }
    }

    @Test
    void interruptedUpgradeKeepsTheEarlierMigrationRollsBackTheFailedOneAndAFixedRerunSucceeds() throws Exception {
        DataSource ds = postgres.createDatabase("interrupted");
        StoreSchema.prepare(ds, TestPostgres.choice());
        execute(ds, "INSERT INTO alert (pool_name, kind, subject, severity, message, raised_at) "
                + "VALUES ('lab', 'host_down', 'host-b', 'critical', 'down', now())");

        assertThatThrownBy(() -> StoreSchema.prepare(ds, TestPostgres.choice(),
                List.of(TEST_MIGRATIONS + "interrupted/first", TEST_MIGRATIONS + "interrupted/broken")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("V9001__half_done.sql")
                .hasMessageContaining("division by zero");

        assertThat(Sql.value(ds, "SELECT max(version::int) FROM " + Relations.SCHEMA_HISTORY + " WHERE success"))
                .as("V9000 committed in its own transaction").isEqualTo(9000);
        assertThat(Sql.count(ds, "SELECT count(*) FROM " + Relations.SCHEMA_HISTORY + " WHERE version = '9001'"))
                .as("a rolled-back migration leaves no history row").isZero();
        assertThat(Sql.value(ds, "SELECT to_regclass('half_done')")).as("V9001's table rolled back").isNull();
        assertThat(Sql.value(ds, "SELECT note FROM alert")).as("V9001's update rolled back, V9000's kept")
                .isEqualTo("before the interrupted upgrade");

        StoreSchema.prepare(ds, TestPostgres.choice(),
                List.of(TEST_MIGRATIONS + "interrupted/first", TEST_MIGRATIONS + "interrupted/fixed"));

        assertThat(Sql.value(ds, "SELECT max(version::int) FROM " + Relations.SCHEMA_HISTORY + " WHERE success")).isEqualTo(9001);
        assertThat(Sql.count(ds, "SELECT count(*) FROM half_done")).isEqualTo(1);
        assertThat(Sql.value(ds, "SELECT message || '/' || note FROM alert")).as("data kept")
                .isEqualTo("down/before the interrupted upgrade");
    }

    @Test
    void migrationEditedAfterItWasAppliedIsRefusedByItsChecksum() throws Exception {
        DataSource ds = postgres.createDatabase("edited");
        StoreSchema.prepare(ds, TestPostgres.choice(), List.of(TEST_MIGRATIONS + "interrupted/first"));

        assertThatThrownBy(() -> StoreSchema.prepare(ds, TestPostgres.choice(),
                List.of(TEST_MIGRATIONS + "interrupted/edited")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("9000");
    }

    /**
     * The shipped plain-flavour migrations newer than {@code version}, each as ",&lt;version&gt;&lt;suffix&gt;" in
     * version order: what an adopted database must get on top of its baseline.
     */
    private static String shippedAbove(int version, String suffix) throws Exception {
        StringBuilder expected = new StringBuilder();
        shippedVersionsAbove(version).forEach(v -> expected.append(',').append(v).append(suffix));
        return expected.toString();
    }

    private static java.util.SortedSet<Integer> shippedVersionsAbove(int version) throws Exception {
        java.util.TreeSet<Integer> versions = new java.util.TreeSet<>();
        for (String location : List.of("db/migration/common", "db/migration/plain")) {
            Path dir = Path.of(SchemaUpgradeTest.class.getClassLoader().getResource(location).toURI());
            try (var files = java.nio.file.Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).filter(v -> v > version).forEach(versions::add);
            }
        }
        return versions;
    }

    private static void assertRowsOfTheFixture(DataSource ds) {
        assertThat(Sql.count(ds, "SELECT count(*) FROM pool")).isEqualTo(1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host")).isEqualTo(2);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm WHERE vm_uuid IN ('vm-web', 'vm-db')")).isEqualTo(2);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_placement")).isEqualTo(2);
        assertThat(Sql.count(ds, "SELECT count(*) FROM vm_sample")).isEqualTo(24);
        assertThat(Sql.count(ds, "SELECT count(*) FROM host_sample")).isEqualTo(24);
        assertThat(Sql.value(ds, "SELECT round(sum(cpu_used_cores)::numeric, 2) FROM vm_sample")).hasToString("10.32"); // 12 x (0.25 + 0.5) + 2 x (0 + ... + 0.11)
        assertThat(Sql.count(ds, "SELECT queue_index FROM journal_watermark WHERE reader = 'db-writer'")).isEqualTo(4398046511127L);
        assertThat(Sql.value(ds, "SELECT mode FROM pool_policy WHERE pool_name = 'lab'")).isEqualTo("advisory");
        assertThat(Sql.count(ds, "SELECT count(*) FROM audit_log")).isEqualTo(1);
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert WHERE cleared_at IS NULL")).isEqualTo(1);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
