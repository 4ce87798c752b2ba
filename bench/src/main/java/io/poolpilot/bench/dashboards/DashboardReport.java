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
                .append(" query in alternation. **bold** = p95 over the 1 s target of issue 19.\n\n")
                .append("Rerun: `./poolpilot bench-dashboards [--vms 1000,4000] [--runs 5] [--timeout-seconds 10] [out.md]`")
                .append(" (root: it starts the loopback TimescaleDB server of tools/timescaledb/with-server; the embedded")
                .append(" PostgreSQL runs beside it).\n\n")
                .append("The estate (DashboardEstate, INSERT ... SELECT FROM generate_series, then VACUUM ANALYZE): 40 VMs")
                .append(" per host, 20 hosts per pool, 50 billing accounts, 95 % of the VMs running; raw 5 s samples for the")
                .append(" last 65 minutes (what the 1 h range reads), the 1 minute rollups for the last 2 days + 1 h (what the")
                .append(" 2 d range reads), the 1 hour rollups and hourly usage records for 31 days (what the 30 d range")
                .append(" reads), one placement per VM plus a migration for 2 % of them, a plan per pool every 6 h (20 steps),")
                .append(" an alert per pool every 4 h. On TimescaleDB the rollup rows go straight into the continuous")
                .append(" aggregates' materialization hypertables with the watermarks moved to the end of the load (what")
                .append(" refreshes would have left), and the background jobs are paused so no policy runs while measuring.")
                .append(" Older raw samples and older 1 minute rollups (which the product keeps for 30 / 90 days) are not")
                .append(" loaded: no panel reads them at these ranges (they would add partitions/chunks the planner excludes).\n\n")
                .append("Variables: Pools overview, Balancing and Billing keep the shipped selection (All); the Host and VM")
                .append(" dashboards are opened on one host (first pool, first host; the VM dashboard then shows that host's")
                .append(" 40 VMs): with All they would draw every host's or VM's series, which no one reads as a dashboard.\n\n");
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
                List<Long> rows = row.getValue().values().stream().map(Timing::rows).distinct().toList();
                md.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(key[2]).append(" | ")
                        .append(rows.size() == 1 ? rows.get(0).toString()
                                : rows.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" / ")));
                for (String flavour : FLAVOURS) {
                    Timing t = row.getValue().get(flavour);
                    md.append(" | ").append(cell(t, 50)).append(" | ").append(cell(t, 95));
                    if (t != null && (t.timedOut() || t.error() != null || t.percentile(95) > DashboardBenchmark.TARGET_MILLIS)) {
                        over.add(String.format(Locale.ROOT, "%,d VMs, %s, %s: p95 %s", size.getKey(), row.getKey()
                                .replace(" | ", " / "), flavour, cell(t, 95).replace("**", "")));
                    }
                }
                md.append(" |\n");
            }
            md.append('\n');
        }
        scaling(md);
        md.append("## Over the 1 s p95 target (issue 19), as measured\n\n");
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

    /**
     * How each query's p50 grows from the smallest to the largest measured size: the exponent k of
     * p50 ~ VMs^k between the two, and the p50 that gives at 20,000 VMs (an extrapolation, not a measurement).
     */
    private void scaling(StringBuilder md) {
        if (cells.size() < 2) {
            return;
        }
        int small = ((TreeMap<Integer, ?>) cells).firstKey();
        int large = ((TreeMap<Integer, ?>) cells).lastKey();
        md.append("## Scaling: ").append(String.format(Locale.ROOT, "%,d -> %,d VMs, extrapolated to 20,000", small, large))
                .append("\n\nk is the exponent of p50 ~ VMs^k between the two sizes (1 = linear in the estate, 0 = independent of it,")
                .append(" e.g. a per-host panel); \"20k p50\" = p50 at ").append(String.format(Locale.ROOT, "%,d", large))
                .append(" x (20,000 / ").append(String.format(Locale.ROOT, "%,d", large))
                .append(")^k with k clamped to [0, 1.5]: an estimate, not a measurement. **bold** = estimate over 1 s.")
                .append(" Queries under 5 ms at both sizes are left out (noise dominates their k).\n\n");
        md.append("| dashboard | panel | range | plain k | plain 20k p50 | timescaledb k | timescaledb 20k p50 |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Timing>> row : cells.get(large).entrySet()) {
            Map<String, Timing> before = cells.get(small).get(row.getKey());
            if (before == null) {
                continue;
            }
            StringBuilder line = new StringBuilder("| " + row.getKey() + " |");
            boolean keep = false;
            for (String flavour : FLAVOURS) {
                Timing a = before.get(flavour);
                Timing b = row.getValue().get(flavour);
                if (a == null || b == null || a.millis().length == 0 || b.millis().length == 0 || b.timedOut() || a.timedOut()) {
                    line.append(b != null && b.timedOut() ? " | **timeout at " + large + "** |" : " | | |");
                    keep = true;
                    continue;
                }
                double pa = a.percentile(50);
                double pb = b.percentile(50);
                keep |= pa >= 5 || pb >= 5;
                double k = Math.max(0, Math.min(1.5, Math.log(pb / pa) / Math.log((double) large / small)));
                double estimate = pb * Math.pow(20_000.0 / large, k);
                String e = String.format(Locale.ROOT, "%,.0f", estimate);
                line.append(String.format(Locale.ROOT, " %.2f | %s |", k,
                        estimate > DashboardBenchmark.TARGET_MILLIS ? "**" + e + "**" : e));
            }
            if (keep) {
                md.append(line).append('\n');
            }
        }
        md.append('\n');
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
