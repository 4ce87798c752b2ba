package io.poolpilot.bench.dashboards;

import io.poolpilot.bench.dashboards.DashboardBenchmark.Cell;
import io.poolpilot.bench.dashboards.DashboardEstate.Loaded;
import io.poolpilot.bench.dashboards.PanelTimer.Timing;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The markdown of bench-results/dashboard-panels.md: what was loaded, then p50/p95 per panel, range and flavour. */
final class DashboardReport {

    private static final List<String> FLAVOURS = List.of("plain", "timescaledb");

    private final int runs;
    private final int timeoutSeconds;
    private final List<String> environment = new ArrayList<>();
    private final Map<Integer, Map<String, List<Loaded>>> loaded = new TreeMap<>();
    private final Map<Integer, Map<String, Double>> loadSeconds = new TreeMap<>();
    /** size -> "dashboard | panel | range" -> flavour -> timing, in measuring order. */
    private final Map<Integer, Map<String, Map<String, Timing>>> cells = new TreeMap<>();
    private final List<String> skipped = new ArrayList<>();

    DashboardReport(int runs, int timeoutSeconds) {
        this.runs = runs;
        this.timeoutSeconds = timeoutSeconds;
    }

    void environment(DataSource plain, DataSource timescale) throws SQLException {
        environment.add("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ".");
        environment.add("- plain: embedded PostgreSQL " + text(plain, "SHOW server_version")
                + " (zonky binaries, as the demo runs it; fsync off, shared_buffers " + text(plain, "SHOW shared_buffers") + ")");
        environment.add("- timescaledb: TimescaleDB " + text(timescale, "SELECT default_version FROM pg_available_extensions"
                + " WHERE name = 'timescaledb'") + " on PostgreSQL " + text(timescale, "SHOW server_version")
                + " (loopback server of tools/timescaledb/with-server, shared_buffers " + text(timescale, "SHOW shared_buffers") + ")");
    }

    void loaded(int vms, String flavour, List<Loaded> tables, double seconds) {
        loaded.computeIfAbsent(vms, k -> new LinkedHashMap<>()).put(flavour, tables);
        loadSeconds.computeIfAbsent(vms, k -> new LinkedHashMap<>()).put(flavour, seconds);
    }

    void add(Cell cell) {
        cells.computeIfAbsent(cell.vms(), k -> new LinkedHashMap<>())
                .computeIfAbsent(cell.dashboard() + " | " + cell.panel() + " | " + cell.range(), k -> new LinkedHashMap<>())
                .put(cell.flavour(), cell.timing());
    }

    void skipped(String what) {
        if (!skipped.contains(what)) {
            skipped.add(what);
        }
    }

    void write(Path out) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Dashboard panel latency: plain PostgreSQL vs TimescaleDB\n\n");
        environment.forEach(l -> md.append(l).append('\n'));
        md.append("\nEach query: its SQL expanded as Grafana's PostgreSQL data source expands it (DashboardQueries /")
                .append(" GrafanaSqlExpander, the code DashboardsTest runs), one warm-up run, then ").append(runs)
                .append(" timed runs (2 when the warm-up took over 3 s) from statement to last row read, over JDBC on loopback;")
                .append(" p50/p95 by nearest rank (with ").append(runs).append(" runs the p95 is the slowest run).")
                .append(" Statement timeout ").append(timeoutSeconds).append(" s. The two flavours are measured query by")
                .append(" query in alternation. **bold** = p95 over the 1 s target of issue 19.\n\n");
        for (Map.Entry<Integer, Map<String, List<Loaded>>> size : loaded.entrySet()) {
            md.append("## What was loaded at ").append(String.format(Locale.ROOT, "%,d", size.getKey())).append(" VMs\n\n");
            md.append("| table | plain rows | plain MiB | timescaledb rows | timescaledb MiB |\n|---|---|---|---|---|\n");
            List<Loaded> plain = size.getValue().getOrDefault("plain", List.of());
            List<Loaded> ts = size.getValue().getOrDefault("timescaledb", List.of());
            for (int i = 0; i < Math.max(plain.size(), ts.size()); i++) {
                Loaded p = i < plain.size() ? plain.get(i) : null;
                Loaded t = i < ts.size() ? ts.get(i) : null;
                md.append("| ").append(p != null ? p.table() : t.table()).append(" | ")
                        .append(p == null ? "" : String.format(Locale.ROOT, "%,d | %,.1f", p.rows(), p.bytes() / 1048576.0))
                        .append(" | ")
                        .append(t == null ? "" : String.format(Locale.ROOT, "%,d | %,.1f", t.rows(), t.bytes() / 1048576.0))
                        .append(" |\n");
            }
            Map<String, Double> secs = loadSeconds.get(size.getKey());
            md.append(String.format(Locale.ROOT, "| **total** | | %,.1f | | %,.1f |%n%n", total(plain), total(ts)));
            md.append(String.format(Locale.ROOT, "Load time (INSERT ... generate_series, then VACUUM ANALYZE): plain %.0f s,"
                    + " timescaledb %.0f s.%n%n", secs.getOrDefault("plain", 0.0), secs.getOrDefault("timescaledb", 0.0)));
        }
        List<String> over = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Map<String, Timing>>> size : cells.entrySet()) {
            md.append("## Latency at ").append(String.format(Locale.ROOT, "%,d", size.getKey())).append(" VMs (ms)\n\n");
            md.append("| dashboard | panel | range | rows | plain p50 | plain p95 | timescaledb p50 | timescaledb p95 |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Map<String, Timing>> row : size.getValue().entrySet()) {
                String[] key = row.getKey().split(" \\| ", 3);
                Timing any = row.getValue().values().iterator().next();
                md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(key[2]).append(" | ")
                        .append(any.rows());
                for (String flavour : FLAVOURS) {
                    Timing t = row.getValue().get(flavour);
                    md.append(" | ").append(cell(t, 50)).append(" | ").append(cell(t, 95));
                    if (t != null && (t.timedOut() || t.error() != null || t.percentile(95) > DashboardBenchmark.TARGET_MILLIS)) {
                        over.add(String.format(Locale.ROOT, "%,d VMs, %s, %s: %s p95 %s", size.getKey(), row.getKey()
                                .replace(" | ", " / "), flavour, flavour, cell(t, 95).replace("**", "")));
                    }
                }
                md.append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Over the 1 s p95 target (issue 19)\n\n");
        if (over.isEmpty()) {
            md.append("None.\n");
        }
        over.forEach(o -> md.append("- ").append(o).append('\n'));
        if (!skipped.isEmpty()) {
            md.append("\nNot measured: ").append(String.join(", ", skipped)).append(".\n");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static double total(List<Loaded> tables) {
        return tables.stream().mapToLong(Loaded::bytes).sum() / 1048576.0;
    }

    private static String cell(Timing t, double p) {
        if (t == null) {
            return "";
        }
        if (t.error() != null) {
            return "error: " + t.error().replace('|', '/').replace('\n', ' ');
        }
        if (t.timedOut()) {
            return "**timeout**";
        }
        double v = t.percentile(p);
        String s = v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        return p >= 95 && v > DashboardBenchmark.TARGET_MILLIS ? "**" + s + "**" : s;
    }

    private static String text(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }
}
