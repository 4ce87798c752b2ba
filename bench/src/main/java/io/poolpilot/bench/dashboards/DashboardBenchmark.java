package io.poolpilot.bench.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolpilot.bench.dashboards.PanelTimer.Timing;
import io.poolpilot.daemon.dashboards.DashboardQueries;
import io.poolpilot.daemon.dashboards.DashboardQueries.Query;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.TimeRange;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.Variable;
import io.poolpilot.daemon.store.EmbeddedDatabase;
import io.poolpilot.daemon.store.StorageFlavour;
import io.poolpilot.daemon.store.StoreSchema;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every dashboard panel's latency over 1 h / 2 d / 30 d, plain PostgreSQL (embedded) vs TimescaleDB (the
 * loopback server of tools/timescaledb/with-server), at one or more estate sizes ({@code ./poolpilot
 * bench-dashboards [--vms 5000,20000] [--runs 5] [--timeout-seconds 30] [out.md]}). The panel SQL is expanded
 * by the same code as DashboardsTest (DashboardQueries, GrafanaSqlExpander); both flavours are loaded with the
 * same estate and measured query by query in alternation, so load from other work on the machine hits both.
 * Writes bench-results/dashboard-panels.md.
 */
public final class DashboardBenchmark {

    static final Path DASHBOARDS = Path.of("dashboards/grafana/dashboards");
    static final Map<String, Duration> RANGES = rangeMap();
    /** The 1 s p95 target of issue 19. */
    static final double TARGET_MILLIS = 1000;

    /** The measured figures of one query on one flavour at one size. */
    record Cell(String dashboard, String panel, String range, String flavour, int vms, Timing timing) {
    }

    public static void main(String[] argv) throws Exception {
        List<Integer> sizes = List.of(5_000, 20_000);
        int runs = 5;
        int timeout = 30;
        Path out = Path.of("bench-results/dashboard-panels.md");
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--vms" -> sizes = Arrays.stream(argv[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--runs" -> runs = Integer.parseInt(argv[++i]);
                case "--timeout-seconds" -> timeout = Integer.parseInt(argv[++i]);
                default -> {
                    if (argv[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + argv[i]
                                + " (options: --vms N[,N...], --runs N, --timeout-seconds N, then the output file)");
                    }
                    out = Path.of(argv[i]);
                }
            }
        }
        String url = System.getenv("POOLPILOT_TIMESCALEDB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("POOLPILOT_TIMESCALEDB_URL is not set: run ./poolpilot bench-dashboards,"
                    + " which starts a loopback TimescaleDB server");
        }
        if (!Files.isDirectory(DASHBOARDS)) {
            throw new IllegalStateException(DASHBOARDS.toAbsolutePath() + " not found: run from the repository root");
        }
        DashboardReport report = new DashboardReport(runs, timeout);
        Path work = Files.createTempDirectory("bench-dashboards");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(work.resolve("pg"), 0, false)) {
            report.environment(embedded.dataSource(), dataSource(url, "postgres"));
            for (int vms : sizes) {
                new DashboardBenchmark().size(vms, runs, timeout, embedded, url, report);
                report.write(out); // after each size: a long run leaves what it measured so far
            }
        }
        System.out.println("written to " + out.toAbsolutePath());
    }

    private void size(int vms, int runs, int timeout, EmbeddedDatabase embedded, String url, DashboardReport report)
            throws Exception {
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60);
        DashboardEstate estate = new DashboardEstate(vms, now);
        String name = "bench_dashboards_" + vms;
        Map<String, DataSource> flavours = new LinkedHashMap<>();
        drop(embedded.dataSource(), name);
        embedded.createDatabase(name);
        // Its own DataSource: the embedded one's 120 s socket timeout is shorter than loading a large estate.
        flavours.put("plain", dataSource(embedded.jdbcUrl(), name));
        DataSource admin = dataSource(url, "postgres");
        drop(admin, name);
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        flavours.put("timescaledb", dataSource(url, name));
        for (Map.Entry<String, DataSource> f : flavours.entrySet()) {
            StorageFlavour flavour = StoreSchema.prepare(f.getValue(), f.getKey().equals("plain")
                    ? StorageFlavour.Choice.PLAIN : StorageFlavour.Choice.TIMESCALEDB);
            System.out.println("== " + vms + " VMs, " + f.getKey() + ": loading");
            long start = System.nanoTime();
            report.loaded(vms, f.getKey(), estate.load(f.getValue(), flavour), (System.nanoTime() - start) / 1e9);
        }
        Map<String, PanelTimer> timers = new LinkedHashMap<>();
        for (Map.Entry<String, DataSource> f : flavours.entrySet()) {
            timers.put(f.getKey(), new PanelTimer(f.getValue().getConnection(), timeout));
        }
        try {
            measure(vms, now, runs, flavours, timers, report);
        } finally {
            for (PanelTimer t : timers.values()) {
                t.close();
            }
        }
        drop(embedded.dataSource(), name); // frees the disk before the next size
        drop(admin, name);
    }

    private void measure(int vms, Instant now, int runs, Map<String, DataSource> flavours, Map<String, PanelTimer> timers,
                         DashboardReport report) throws Exception {
        ObjectMapper json = new ObjectMapper();
        GrafanaSqlExpander expander = new GrafanaSqlExpander(false); // the provisioned data source: timescaledb: false
        for (Path file : DashboardQueries.dashboardFiles(DASHBOARDS)) {
            JsonNode d = json.readTree(file.toFile());
            String dashboard = d.path("title").asText();
            List<Query> queries = DashboardQueries.sqlQueries(d);
            if (queries.isEmpty()) {
                report.skipped(dashboard + " (Prometheus panels only)");
                continue;
            }
            for (Map.Entry<String, Duration> r : RANGES.entrySet()) {
                TimeRange range = new TimeRange(now.minus(r.getValue()), now);
                for (Map.Entry<String, DataSource> f : flavours.entrySet()) {
                    // Variables are resolved on each flavour (their option queries are timed as rows of their own).
                    List<String> failures = new ArrayList<>();
                    Map<String, Variable> variables = DashboardQueries.resolveVariables(d, range, expander, failures,
                            sql -> DashboardQueries.run(f.getValue(), sql), selection(file));
                    if (!failures.isEmpty()) {
                        throw new IllegalStateException(f.getKey() + ": " + failures);
                    }
                    if (f.getKey().equals("plain")) {
                        for (JsonNode v : d.path("templating").path("list")) {
                            if (v.path("datasource").path("uid").asText().equals(DashboardQueries.PG_UID)) {
                                String sql = expander.expand(DashboardQueries.queryText(v), range,
                                        DashboardQueries.DATASOURCE_MIN_INTERVAL, variables);
                                for (String name : flavours.keySet()) {
                                    report.add(new Cell(dashboard, "variable $" + v.path("name").asText(), r.getKey(),
                                            name, vms, timers.get(name).time(sql, runs)));
                                }
                            }
                        }
                    }
                    for (Query q : queries) {
                        Duration interval = GrafanaSqlExpander.calculateInterval(range, q.maxDataPoints(), q.minInterval());
                        String sql = expander.expand(q.sql(), range, interval, variables);
                        Timing t = timers.get(f.getKey()).time(sql, runs);
                        report.add(new Cell(dashboard, q.title() + (q.refId().equals("A") ? "" : " [" + q.refId() + "]"),
                                r.getKey(), f.getKey(), vms, t));
                        System.out.printf("  %-12s %-4s %-11s %-50.50s p50 %8.1f ms  p95 %8.1f ms  rows %d%s%n", dashboard,
                                r.getKey(), f.getKey(), q.title(), t.percentile(50), t.percentile(95), t.rows(),
                                t.timedOut() ? " TIMEOUT" : t.error() != null ? " ERROR " + t.error() : "");
                    }
                }
            }
        }
    }

    /**
     * What is selected in each variable. Pools overview, Balancing and Billing are estate-wide views and keep the
     * shipped selection ("All"). The Host and VM dashboards are opened on one host (first pool, first host): with
     * "All" they would draw every host's or every VM's series (20,000 at 20,000 VMs), which is no one's dashboard;
     * the VM dashboard then shows all the VMs of that host (40).
     */
    static Map<String, UnaryOperator<List<String>>> selection(Path dashboard) {
        String file = dashboard.getFileName().toString();
        if (file.equals("host.json") || file.equals("vm.json")) {
            return Map.of("pool", first(), "host", first());
        }
        return Map.of();
    }

    private static UnaryOperator<List<String>> first() {
        return values -> values.isEmpty() ? values : List.of(values.get(0));
    }

    private static Map<String, Duration> rangeMap() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("2d", Duration.ofDays(2));
        ranges.put("30d", Duration.ofDays(30));
        return ranges;
    }

    private static void drop(DataSource admin, String name) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static DataSource dataSource(String url, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setDatabaseName(database);
        return ds;
    }
}
