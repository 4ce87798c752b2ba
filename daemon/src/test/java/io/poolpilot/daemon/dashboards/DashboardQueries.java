package io.poolpilot.daemon.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.TimeRange;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.Variable;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The SQL queries of the shipped Grafana dashboards as Grafana sees them: each PostgreSQL panel target and
 * annotation with its maxDataPoints and minimum interval, and the template variables resolved the way
 * Grafana refreshes them. Shared by {@code DashboardsTest} and the dashboard latency benchmark
 * ({@code ./poolpilot bench-dashboards}), so both run exactly the same SQL.
 */
public final class DashboardQueries {

    /** The provisioned PostgreSQL data source's uid (dashboards/grafana/provisioning/datasources). */
    public static final String PG_UID = "poolpilot-pg";
    /** The provisioned PostgreSQL data source's minimum interval (jsonData.timeInterval). */
    public static final Duration DATASOURCE_MIN_INTERVAL = Duration.ofSeconds(5);

    private DashboardQueries() {
    }

    /** One SQL query of a dashboard: a panel target or an annotation, with what Grafana needs to expand it. */
    public record Query(String title, String refId, String format, String sql, int maxDataPoints, Duration minInterval) {
    }

    /** Column labels and rows of an executed query. */
    public record QueryResult(List<String> columns, List<List<Object>> rows) {
    }

    /** Runs one expanded query. */
    @FunctionalInterface
    public interface Runner {
        QueryResult run(String sql) throws SQLException;
    }

    /** The dashboard JSON files of a directory, sorted by name. */
    public static List<Path> dashboardFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Panel targets and annotation queries of the PostgreSQL data source. */
    public static List<Query> sqlQueries(JsonNode d) {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            if (!p.path("datasource").path("uid").asText().equals(PG_UID)) {
                continue;
            }
            Duration min = p.hasNonNull("interval")
                    ? max(GrafanaSqlExpander.parseInterval(p.path("interval").asText()), DATASOURCE_MIN_INTERVAL)
                    : DATASOURCE_MIN_INTERVAL;
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(p.path("title").asText(), t.path("refId").asText(), t.path("format").asText("table"),
                        t.path("rawSql").asText(), p.path("maxDataPoints").asInt(1000), min));
            }
        }
        for (JsonNode a : d.path("annotations").path("list")) {
            if (a.path("datasource").path("uid").asText().equals(PG_UID)) {
                out.add(new Query("annotation " + a.path("name").asText(), "Anno", "table",
                        a.path("target").path("rawSql").asText(), 1000, DATASOURCE_MIN_INTERVAL));
            }
        }
        return out;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Runs each query variable in order, the way Grafana refreshes them, with "All" selected (the shipped
     * dashboards' saved selection): {@code __value} (or the first column) gives the values.
     */
    public static Map<String, Variable> resolveVariables(JsonNode d, TimeRange range, GrafanaSqlExpander expander,
                                                         List<String> failures, Runner runner) throws SQLException {
        return resolveVariables(d, range, expander, failures, runner, Map.of());
    }

    /**
     * The same, but a variable named in {@code selections} keeps only the values its function picks from the
     * options Grafana would offer (a user's selection in the variable's drop-down); later variables see it.
     */
    public static Map<String, Variable> resolveVariables(JsonNode d, TimeRange range, GrafanaSqlExpander expander,
                                                         List<String> failures, Runner runner,
                                                         Map<String, java.util.function.UnaryOperator<List<String>>> selections)
            throws SQLException {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (JsonNode v : d.path("templating").path("list")) {
            if (!v.path("datasource").path("uid").asText().equals(PG_UID)) {
                continue;
            }
            String name = v.path("name").asText();
            String sql = expander.expand(queryText(v), range, DATASOURCE_MIN_INTERVAL, variables);
            QueryResult result = runner.run(sql);
            int column = result.columns().indexOf("__value");
            List<String> values = result.rows().stream()
                    .map(row -> String.valueOf(row.get(column >= 0 ? column : 0))).distinct().toList();
            if (selections.containsKey(name)) {
                values = selections.get(name).apply(values);
            }
            if (values.isEmpty()) {
                failures.add(d.path("title").asText() + ": variable $" + name + " has no options\n" + sql);
                values = List.of("__none__");
            }
            variables.put(name, new Variable(name, values, v.path("multi").asBoolean(), v.path("includeAll").asBoolean()));
        }
        return variables;
    }

    /** The query text of a variable, target or annotation (a string, or rawSql / expr / query of an object). */
    public static String queryText(JsonNode node) {
        JsonNode q = node.has("query") ? node.path("query") : node;
        if (q.isTextual()) {
            return q.asText();
        }
        for (String key : List.of("rawSql", "expr", "query")) {
            if (q.hasNonNull(key)) {
                return q.path(key).asText();
            }
        }
        return "";
    }

    /** Runs a query on a connection of {@code dataSource} and keeps every row. */
    public static QueryResult run(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new QueryResult(columns, rows);
        }
    }
}
