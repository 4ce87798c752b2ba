package io.poolpilot.daemon.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.poolpilot.daemon.fixtures.TestPostgres;
import io.poolpilot.daemon.DaemonRuntime;
import io.poolpilot.daemon.config.CollectConfig;
import io.poolpilot.daemon.config.ControlConfig;
import io.poolpilot.daemon.config.DaemonConfig;
import io.poolpilot.daemon.config.DatabaseConfig;
import io.poolpilot.daemon.config.JournalSettings;
import io.poolpilot.daemon.config.PoolConfig;
import io.poolpilot.daemon.dashboards.DashboardQueries.Query;
import io.poolpilot.daemon.dashboards.DashboardQueries.QueryResult;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.TimeRange;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.Variable;
import io.poolpilot.daemon.fixtures.Await;
import io.poolpilot.daemon.fixtures.Sql;
import io.poolpilot.simulator.PoolEndpoint;
import io.poolpilot.simulator.Simulator;
import io.poolpilot.simulator.SimulatorOptions;
import io.poolpilot.simulator.scenario.ScenarioLoader;
import io.poolpilot.xapi.XapiClient;
import io.poolpilot.xapi.XapiEndpoint;
import io.poolpilot.xapi.XapiSession;
import io.poolpilot.xapi.model.Host;
import io.poolpilot.xapi.model.TaskStatus;
import io.poolpilot.xapi.model.Vm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.poolpilot.daemon.dashboards.DashboardQueries.DATASOURCE_MIN_INTERVAL;
import static io.poolpilot.daemon.dashboards.DashboardQueries.PG_UID;
import static io.poolpilot.daemon.dashboards.DashboardQueries.queryText;
import static io.poolpilot.daemon.dashboards.DashboardQueries.sqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards against the real data path: a simulated estate (with a live migration and
 * a crashed host) collected by the daemon into the embedded database, every panel's SQL expanded
 * the way Grafana expands it and run for a 1 hour, a 2 day and a 30 day range (raw samples,
 * 1 minute and 1 hour rollups), and the health dashboard's PromQL checked against a live scrape.
 */
class DashboardsTest {

    /**
     * Relations the dashboards read that other work has not created yet (usage meter, planner /
     * executor). A panel is skipped only while one of these is missing from the database; the list
     * is printed on every run so the gap stays visible. Remove a name when its table lands.
     */
    static final Set<String> PENDING_RELATIONS = Set.of();

    /** Metric names the health dashboard reads that the daemon does not publish yet (planner, executor). */
    static final Set<String> PENDING_METRICS = Set.of();

    static final Path REPO = repositoryRoot();
    static final Path DASHBOARDS = REPO.resolve("dashboards/grafana/dashboards");
    static final Path PROVISIONING = REPO.resolve("dashboards/grafana/provisioning");
    static final String PROM_UID = "poolpilot-prom";
    private static final Instant START = Instant.parse("2026-11-25T08:57:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RELATION = Pattern.compile("(?i)(?<!epoch\\s)\\b(?:from|join)\\s+([a-z_][a-z0-9_]*)");

    @TempDir
    static Path work;
    static Simulator simulator;
    static DaemonRuntime daemon;
    static Instant now;

    @BeforeAll
    static void collectAnEstate() throws Exception {
        System.setProperty("java.awt.headless", "true");
        simulator = Simulator.start(ScenarioLoader.loadResource("scenarios/dashboards.yaml"),
                SimulatorOptions.defaults().withStartTime(START).withClockRate(10).withFirstPoolOctet(120)
                        .withAdminPort(-1));
        List<PoolConfig> pools = io.poolpilot.daemon.fixtures.SimulatedPools.configs(simulator, work);
        // The daemon's own embedded database, or in the TimescaleDB run a database on that server.
        DatabaseConfig database = TestPostgres.timescale() ? TestPostgres.start(work.resolve("pg"), false).databaseConfig()
                .withFlavour(TestPostgres.choice()) : new DatabaseConfig("embedded", null, null);
        DaemonConfig config = new DaemonConfig(work, 0, database,
                new CollectConfig(1, 2, 2, 5, 16, "billing_account"), new JournalSettings(null, 48), 15, pools,
                ControlConfig.defaults().withApiPort(0)); // any free port: 8080 may be another daemon's
        // A short lateness closes the 08:00 hour soon after 09:00 simulated, so the billing panels read real records.
        daemon = DaemonRuntime.start(config.withUsage(io.poolpilot.daemon.usage.UsageConfig.defaults()
                .withLateness(Duration.ofSeconds(30)).withFlushInterval(Duration.ofSeconds(1))), Map.of(),
                simulator.clock());

        Await.until(Duration.ofSeconds(60), "samples of all 6 running VMs", () ->
                count("select count(distinct vm_id) from vm_sample") == 6);
        migrateOneWebVm();
        // Gamma's only host (its master, no VMs) crashing makes the daemon count rrd_updates and
        // event.from failures: the health dashboard's error series.
        simulator.faults().hostCrash("g-01");
        Await.until(Duration.ofSeconds(30), "counted rrd_updates and event.from failures", () ->
                daemon.registry().find("poolpilot.collect.host.poll.failures").counter() != null
                        && daemon.registry().find("poolpilot.xapi.event.failures").counter() != null);
        simulator.faults().hostRecover("g-01");
        // Rollups run every 30 s: wait for a finished hour (08:00) and minute buckets.
        Await.until(Duration.ofSeconds(90), "1 minute and 1 hour rollups", () ->
                count("select count(*) from vm_sample_1h") > 0 && count("select count(*) from host_sample_1h") > 0
                        && count("select count(distinct bucket) from vm_sample_1m") >= 3);
        Await.until(Duration.ofSeconds(60), "a closed usage hour", () -> count("select count(*) from usage_record") > 0);
        // A plan (proposed, not approved: the pool's policy is manual) so the Balancing panels read real rows.
        daemon.control().plans().propose("alpha", new io.poolpilot.api.model.PlanRequest(
                        io.poolpilot.api.model.PlanMode.BALANCE, null,
                        new io.poolpilot.api.model.PlanBudgets(5, 64, 5), "dashboards test"), "dashboards-test")
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(60), "the plan solved", () -> count("select count(*) from plan where planned") > 0);
        now = simulator.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void migrateOneWebVm() {
        PoolEndpoint alpha = simulator.pool("alpha");
        try (XapiSession session = XapiSession.login(XapiEndpoint.of(alpha.masterUrl(), alpha.username(),
                alpha.password()), "dashboards-test")) {
            XapiClient client = new XapiClient(session);
            Vm web = client.vms().values().stream().filter(v -> v.nameLabel().equals("web-01")).findFirst().orElseThrow();
            String from = web.residentOn().orElseThrow();
            Host target = client.hosts().values().stream()
                    .filter(h -> !h.ref().equals(from) && !h.nameLabel().equals("a-03")).findFirst().orElseThrow();
            String task = client.asyncPoolMigrate(web.ref(), target.ref(), Map.of("live", "true"));
            Await.until(Duration.ofSeconds(30), "web-01 migration", () -> client.task(task).status().isFinished());
            assertThat(client.task(task).status()).isEqualTo(TaskStatus.SUCCESS);
            client.destroyTask(task);
        }
        Await.until(Duration.ofSeconds(30), "the migration in vm_placement", () ->
                count("select count(*) from vm_placement p join vm v using (vm_id) where v.name = 'web-01'") >= 2);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    // ---------------------------------------------------------------- the JSON model

    @Test
    void everyDashboardIsAWellFormedGrafanaModel() throws Exception {
        Set<String> uids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode d = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            if (!uids.add(d.path("uid").asText())) {
                problems.add(name + ": duplicate dashboard uid " + d.path("uid"));
            }
            if (d.path("uid").asText().isEmpty() || d.path("title").asText().isEmpty()) {
                problems.add(name + ": uid and title are required");
            }
            if (!d.path("schemaVersion").isInt() || d.path("schemaVersion").asInt() < 36) {
                problems.add(name + ": schemaVersion must be an int >= 36, got " + d.path("schemaVersion"));
            }
            Set<Integer> ids = new HashSet<>();
            Set<String> defined = new TreeSet<>();
            for (JsonNode v : d.path("templating").path("list")) {
                defined.add(v.path("name").asText());
                checkDatasource(name + " variable " + v.path("name").asText(), v.path("datasource"), problems);
            }
            StringBuilder allQueries = new StringBuilder();
            for (JsonNode v : d.path("templating").path("list")) {
                allQueries.append(queryText(v)).append('\n');
            }
            for (JsonNode p : d.path("panels")) {
                String where = name + " panel '" + p.path("title").asText() + "'";
                if (!p.path("id").isInt() || !ids.add(p.path("id").asInt())) {
                    problems.add(where + ": panel id " + p.path("id") + " is missing or not unique");
                }
                JsonNode grid = p.path("gridPos");
                if (grid.path("x").asInt() + grid.path("w").asInt() > 24 || grid.path("h").asInt() <= 0) {
                    problems.add(where + ": gridPos " + grid + " does not fit the 24-column grid");
                }
                checkDatasource(where, p.path("datasource"), problems);
                Set<String> refIds = new HashSet<>();
                if (p.path("targets").isEmpty()) {
                    problems.add(where + ": no targets");
                }
                for (JsonNode t : p.path("targets")) {
                    if (!refIds.add(t.path("refId").asText())) {
                        problems.add(where + ": duplicate refId " + t.path("refId"));
                    }
                    if (!t.path("datasource").equals(p.path("datasource"))) {
                        problems.add(where + ": target " + t.path("refId") + " uses another data source than its panel");
                    }
                    allQueries.append(queryText(t)).append('\n');
                }
            }
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.path("builtIn").asInt() != 1) {
                    checkDatasource(name + " annotation " + a.path("name").asText(), a.path("datasource"), problems);
                    allQueries.append(a.path("target").path("rawSql").asText()).append('\n');
                }
            }
            Set<String> used = variablesUsed(allQueries.toString());
            for (String u : used) {
                if (!defined.contains(u)) {
                    problems.add(name + ": query uses $" + u + " which is not a template variable");
                }
            }
            for (String v : defined) {
                if (!used.contains(v)) {
                    problems.add(name + ": template variable $" + v + " is never used");
                }
            }
            for (String line : allQueries.toString().split("\n")) {
                int comment = line.indexOf("--");
                if (comment >= 0 && line.indexOf('$', comment) >= 0) {
                    // Grafana strips comments before expanding macros; a macro in a comment would vanish.
                    problems.add(name + ": a SQL comment contains a macro or variable: " + line.strip());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(uids).hasSize(6);
    }

    @Test
    void provisioningDefinesEveryReferencedDataSourceWithCredentialsFromTheEnvironment() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode ds = yaml.readTree(PROVISIONING.resolve("datasources/poolpilot.yaml").toFile());
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : ds.path("datasources")) {
            types.put(d.path("uid").asText(), d.path("type").asText());
        }
        assertThat(types).containsEntry(PG_UID, "grafana-postgresql-datasource").containsEntry(PROM_UID, "prometheus");
        JsonNode pg = ds.path("datasources").get(0);
        assertThat(pg.path("secureJsonData").path("password").asText()).matches("\\$\\{[A-Z_]+}");
        assertThat(pg.path("user").asText()).matches("\\$\\{[A-Z_]+}");
        assertThat(pg.path("jsonData").path("timeInterval").asText()).isEqualTo("5s");
        JsonNode providers = yaml.readTree(PROVISIONING.resolve("dashboards/poolpilot.yaml").toFile());
        assertThat(providers.path("providers").get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.path("providers").get(0).path("options").path("path").asText()).isNotBlank();
    }

    // ---------------------------------------------------------------- the SQL against collected data

    /** The three ranges that select raw samples, the 1 minute rollup and the 1 hour rollup. */
    static Map<String, TimeRange> ranges() {
        return Map.of("1h/raw", new TimeRange(now.minus(Duration.ofHours(1)), now),
                "2d/1m", new TimeRange(now.minus(Duration.ofDays(2)), now),
                "30d/1h", new TimeRange(now.minus(Duration.ofDays(30)), now));
    }

    @Test
    void everySqlPanelRunsAndReturnsRowsAtEveryResolution() throws Exception {
        GrafanaSqlExpander expander = new GrafanaSqlExpander(false);
        List<String> failures = new ArrayList<>();
        Set<String> pending = new TreeSet<>();
        Set<String> noSourceData = new TreeSet<>();
        int ran = 0;
        System.out.println("PENDING_RELATIONS (panels skipped only while these are missing): " + PENDING_RELATIONS);
        for (Path file : dashboardFiles()) {
            JsonNode d = JSON.readTree(file.toFile());
            String dashboard = d.path("title").asText();
            for (Map.Entry<String, TimeRange> range : ranges().entrySet()) {
                Map<String, Variable> variables = resolveVariables(d, range.getValue(), expander, failures);
                for (Query q : sqlQueries(d)) {
                    String where = dashboard + " / " + q.title() + " / " + q.refId() + " @ " + range.getKey();
                    Set<String> missing = missingPendingRelations(q.sql());
                    if (!missing.isEmpty()) {
                        pending.add(dashboard + " / " + q.title() + " (waits for " + missing + ")");
                        continue;
                    }
                    Duration interval = GrafanaSqlExpander.calculateInterval(range.getValue(), q.maxDataPoints(),
                            q.minInterval());
                    String sql = expander.expand(q.sql(), range.getValue(), interval, variables);
                    try {
                        QueryResult result = run(sql);
                        ran++;
                        if (result.rows().isEmpty()) {
                            Set<String> emptySources = emptyRelations(q.sql());
                            if (emptySources.isEmpty()) {
                                failures.add(where + ": no rows although the database has data\n" + sql);
                            } else {
                                // Only once a table exists but nothing has filled it yet (e.g. no closed
                                // usage hour): said out loud, never silently.
                                noSourceData.add(dashboard + " / " + q.title() + " (empty: " + emptySources + ")");
                            }
                        } else if (q.format().equals("time_series")) {
                            String problem = timeSeriesProblem(result);
                            if (problem != null) {
                                failures.add(where + ": " + problem);
                            }
                        }
                    } catch (SQLException e) {
                        failures.add(where + ": " + e.getMessage() + "\n" + sql);
                    }
                }
            }
        }
        pending.forEach(p -> System.out.println("PENDING " + p));
        noSourceData.forEach(p -> System.out.println("NO SOURCE DATA " + p));
        System.out.println("dashboard queries run: " + ran + ", pending panels: " + pending.size());
        assertThat(failures).isEmpty();
        assertThat(ran).isGreaterThan(60);
    }

    @Test
    void longRangesReadTheRollupThatFitsNotRawSamples() throws Exception {
        JsonNode vm = JSON.readTree(DASHBOARDS.resolve("vm.json").toFile());
        Query cpu = sqlQueries(vm).stream().filter(q -> q.title().equals("CPU cores used")).findFirst().orElseThrow();
        GrafanaSqlExpander expander = new GrafanaSqlExpander(false);
        Map<String, Map<String, Long>> loopsByRange = new LinkedHashMap<>();
        Map<String, String> chunks = chunkOwners();
        for (Map.Entry<String, TimeRange> range : ranges().entrySet()) {
            Map<String, Variable> variables = resolveVariables(vm, range.getValue(), expander, new ArrayList<>());
            String sql = expander.expand(cpu.sql(), range.getValue(),
                    GrafanaSqlExpander.calculateInterval(range.getValue(), 1000, DATASOURCE_MIN_INTERVAL), variables);
            JsonNode plan = JSON.readTree(String.valueOf(Sql.value(daemon.dataSource(),
                    "EXPLAIN (ANALYZE, FORMAT JSON) " + sql))).get(0).path("Plan");
            Map<String, Long> loops = new LinkedHashMap<>();
            scans(plan, loops, chunks);
            loopsByRange.put(range.getKey(), loops);
        }
        assertThat(loopsByRange.get("1h/raw")).containsKey("raw").doesNotContainKeys("1m", "1h");
        assertThat(loopsByRange.get("2d/1m")).containsKey("1m").doesNotContainKeys("raw", "1h");
        assertThat(loopsByRange.get("30d/1h")).containsKey("1h").doesNotContainKeys("raw", "1m");
    }

    /**
     * TimescaleDB plans scan chunks (of the sample hypertables, their compressed copies and the continuous
     * aggregates' materialization hypertables): each chunk's name mapped to the relation it stores. Empty on plain.
     */
    private static Map<String, String> chunkOwners() throws SQLException {
        Map<String, String> owners = new java.util.HashMap<>();
        if (!TestPostgres.timescale()) {
            return owners;
        }
        try (Connection c = daemon.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ch.table_name, coalesce(a.view_name, raw.table_name, h.table_name)"
                     + " FROM _timescaledb_catalog.chunk ch JOIN _timescaledb_catalog.hypertable h ON h.id = ch.hypertable_id"
                     + " LEFT JOIN _timescaledb_catalog.hypertable raw ON raw.compressed_hypertable_id = h.id"
                     + " LEFT JOIN timescaledb_information.continuous_aggregates a"
                     + "   ON a.materialization_hypertable_name = coalesce(raw.table_name, h.table_name)"
                     + " UNION ALL SELECT materialization_hypertable_name, view_name FROM timescaledb_information.continuous_aggregates")) {
            while (rs.next()) {
                owners.put(rs.getString(1), rs.getString(2));
            }
        }
        return owners;
    }

    /** Relation scans that actually executed, keyed raw / 1m / 1h. */
    private static void scans(JsonNode node, Map<String, Long> loops, Map<String, String> chunks) {
        String scanned = node.path("Relation Name").asText("");
        String relation = chunks.getOrDefault(scanned, scanned);
        long executed = node.path("Actual Loops").asLong(0);
        if (relation.startsWith("vm_sample") && executed > 0) {
            String kind = relation.equals("vm_sample_1m") ? "1m" : relation.equals("vm_sample_1h") ? "1h" : "raw";
            loops.merge(kind, executed, Long::sum);
        }
        for (JsonNode child : node.path("Plans")) {
            scans(child, loops, chunks);
        }
    }

    // ---------------------------------------------------------------- PromQL against a live scrape

    @Test
    void healthDashboardReadsOnlyMetricsTheDaemonPublishes() throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + daemon.managementPort() + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> published = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                published.add(line.split("[{ ]", 2)[0]);
            }
        }
        JsonNode health = JSON.readTree(DASHBOARDS.resolve("health.json").toFile());
        StringBuilder promql = new StringBuilder();
        for (JsonNode v : health.path("templating").path("list")) {
            promql.append(queryText(v)).append('\n');
        }
        int targets = 0;
        for (JsonNode p : health.path("panels")) {
            assertThat(p.path("datasource").path("uid").asText()).isEqualTo(PROM_UID);
            for (JsonNode t : p.path("targets")) {
                promql.append(t.path("expr").asText()).append('\n');
                targets++;
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\bpoolpilot_[a-zA-Z0-9_]+").matcher(promql);
        while (m.find()) {
            used.add(m.group());
        }
        System.out.println("PENDING_METRICS (not published yet): " + PENDING_METRICS);
        System.out.println("published: " + published.stream().filter(n -> n.startsWith("poolpilot_")).toList());
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(published);
        unknown.removeAll(PENDING_METRICS);
        assertThat(unknown).as("metrics the health dashboard reads but /metrics does not publish").isEmpty();
        assertThat(used).contains("poolpilot_collect_samples_total", "poolpilot_journal_backlog",
                "poolpilot_store_batch_latency_seconds_bucket", "poolpilot_xapi_rrd_fetch_seconds",
                "poolpilot_collect_host_poll_failures_total");
        assertThat(targets).isGreaterThanOrEqualTo(10);
    }

    // ---------------------------------------------------------------- the README picture

    @Test
    void vmConsumptionPictureIsRenderedFromTheDashboardQueries() throws Exception {
        JsonNode vm = JSON.readTree(DASHBOARDS.resolve("vm.json").toFile());
        Instant first = ((java.sql.Timestamp) Sql.value(daemon.dataSource(), "select min(ts) from vm_sample")).toInstant();
        TimeRange range = new TimeRange(first, now);
        GrafanaSqlExpander expander = new GrafanaSqlExpander(false);
        Map<String, Variable> variables = resolveVariables(vm, range, expander, new ArrayList<>());
        Duration interval = GrafanaSqlExpander.calculateInterval(range, 1000, DATASOURCE_MIN_INTERVAL);
        List<ConsumptionChart.Panel> panels = new ArrayList<>();
        for (String[] wanted : new String[][]{{"CPU cores used", "cores"}, {"Memory allocated", "GiB"},
                {"Disk write", "MB/s"}, {"Network receive", "MB/s"}}) {
            Query q = sqlQueries(vm).stream().filter(x -> x.title().equals(wanted[0])).findFirst().orElseThrow();
            QueryResult result = run(expander.expand(q.sql(), range, interval, variables));
            double scale = switch (wanted[1]) {
                case "GiB" -> 1.0 / (1L << 30);
                case "MB/s" -> 1e-6;
                default -> 1.0;
            };
            panels.add(ConsumptionChart.Panel.fromLongRows(wanted[0], wanted[1], result.rows(), scale));
        }
        Path out = Boolean.getBoolean("poolpilot.docs.write")
                ? REPO.resolve("docs/img/vm-consumption.png")
                : REPO.resolve("daemon/target/dashboards/vm-consumption.png");
        Query migrations = sqlQueries(vm).stream().filter(q -> q.refId().equals("Anno")).findFirst().orElseThrow();
        List<ConsumptionChart.Mark> marks = run(expander.expand(migrations.sql(), range, interval, variables)).rows()
                .stream().map(r -> new ConsumptionChart.Mark(((java.sql.Timestamp) r.get(0)).toInstant(),
                        String.valueOf(r.get(1)))).toList();
        ConsumptionChart.render(panels, marks,
                "PoolPilot / VM consumption (simulated estate, collected by the daemon; orange: migrations)", out);
        assertThat(panels).allSatisfy(p -> assertThat(p.series()).hasSizeGreaterThanOrEqualTo(5));
        assertThat(marks).extracting(ConsumptionChart.Mark::text).anyMatch(t -> t.startsWith("web-01 moved"));
        assertThat(Files.size(out)).isGreaterThan(10_000);
    }

    // ---------------------------------------------------------------- helpers

    private static void checkDatasource(String where, JsonNode ds, List<String> problems) {
        String uid = ds.path("uid").asText();
        String type = ds.path("type").asText();
        boolean ok = (uid.equals(PG_UID) && type.equals("grafana-postgresql-datasource"))
                || (uid.equals(PROM_UID) && type.equals("prometheus"));
        if (!ok) {
            problems.add(where + ": data source " + ds + " is not one the provisioning file defines");
        }
    }

    /** Template variable names a query refers to ($var, ${var...}, [[var]]), without Grafana's globals. */
    static Set<String> variablesUsed(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::\\w+)?]]|\\$\\{(\\w+)[^}]*}").matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.startsWith("__")) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<String> missingPendingRelations(String sql) {
        Set<String> missing = new TreeSet<>();
        Matcher m = RELATION.matcher(sql);
        while (m.find()) {
            String relation = m.group(1).toLowerCase();
            if (PENDING_RELATIONS.contains(relation)
                    && Sql.value(daemon.dataSource(), "select to_regclass('" + relation + "')") == null) {
                missing.add(relation);
            }
        }
        return missing;
    }

    /** Relations the query reads that hold no row at all: an empty answer from them is not a fault. */
    private static Set<String> emptyRelations(String sql) {
        Set<String> empty = new TreeSet<>();
        Matcher m = RELATION.matcher(sql);
        while (m.find()) {
            String relation = m.group(1).toLowerCase();
            if (Sql.value(daemon.dataSource(), "select to_regclass('" + relation + "')") != null
                    && !(Boolean) Sql.value(daemon.dataSource(), "select exists (select 1 from " + relation + ")")) {
                empty.add(relation);
            }
        }
        return empty;
    }

    private static String timeSeriesProblem(QueryResult result) {
        int time = result.columns().indexOf("time");
        if (time < 0) {
            return "time series result has no \"time\" column: " + result.columns();
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (List<Object> row : result.rows()) {
            Object t = row.get(time);
            double value = t instanceof java.sql.Timestamp ts ? ts.getTime() / 1000.0 : ((Number) t).doubleValue();
            if (value < previous) {
                return "time series result is not sorted by time (Grafana requires it)";
            }
            previous = value;
        }
        return null;
    }

    static QueryResult run(String sql) throws SQLException {
        return DashboardQueries.run(daemon.dataSource(), sql);
    }

    static List<Path> dashboardFiles() throws IOException {
        return DashboardQueries.dashboardFiles(DASHBOARDS);
    }

    static Map<String, Variable> resolveVariables(JsonNode d, TimeRange range, GrafanaSqlExpander expander,
                                                  List<String> failures) throws SQLException {
        return DashboardQueries.resolveVariables(d, range, expander, failures, DashboardsTest::run);
    }

    private static long count(String sql) {
        return Sql.count(daemon.dataSource(), sql);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("dashboards/grafana"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("dashboards/grafana not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
