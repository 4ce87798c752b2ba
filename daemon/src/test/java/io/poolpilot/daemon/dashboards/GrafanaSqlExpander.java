package io.poolpilot.daemon.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a Grafana PostgreSQL panel query into the SQL Grafana would send to the database, in
 * Grafana's own order: template variables first (the frontend's templateSrv, with the PostgreSQL
 * data source's quoting of multi-value variables), then {@code $__interval}, {@code $__interval_ms},
 * {@code $__unixEpochFrom()}, {@code $__unixEpochTo()} (sqleng's Interpolate), then the macros of the
 * PostgreSQL macro engine ({@code $__timeFilter}, {@code $__timeGroup}, ...), with the same output text.
 */
public final class GrafanaSqlExpander {

    /** The dashboard's time range, as Grafana passes it to the backend. */
    public record TimeRange(Instant from, Instant to) {
        public TimeRange {
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("time range must have from < to, got " + from + " .. " + to);
            }
        }

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * A template variable with its current selection. {@code multi} or {@code includeAll} makes the
     * PostgreSQL data source quote each value; a single-value variable is inserted raw.
     */
    public record Variable(String name, List<String> values, boolean multi, boolean includeAll) {
        public Variable {
            if (name == null || !name.matches("\\w+")) {
                throw new IllegalArgumentException("variable name must be a word, got '" + name + "'");
            }
            values = List.copyOf(values);
        }
    }

    /** Grafana's template variable syntaxes: $var, [[var:fmt]], ${var.field:fmt}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?\\}");
    /** The macro engine's expression: {@code $name(args)} with no ')' inside the arguments. */
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)");

    private final boolean timescaledb;

    public GrafanaSqlExpander(boolean timescaledb) {
        this.timescaledb = timescaledb;
    }

    /** The whole expansion; throws {@link IllegalArgumentException} where Grafana would show an error. */
    public String expand(String sql, TimeRange range, Duration interval, Map<String, Variable> variables) {
        String withVariables = interpolateVariables(sql, variables, interval);
        String withGlobals = withVariables
                .replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", formatInterval(interval))
                .replace("$__unixEpochFrom()", Long.toString(range.from().getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(range.to().getEpochSecond()));
        return expandMacros(withGlobals, range);
    }

    /** Template variables, as the frontend does before the query leaves the browser. */
    String interpolateVariables(String sql, Map<String, Variable> variables, Duration interval) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            String replacement;
            if (name.equals("__interval")) {
                replacement = formatInterval(interval);
            } else if (name.equals("__interval_ms")) {
                replacement = Long.toString(interval.toMillis());
            } else if (variables.containsKey(name)) {
                replacement = format(variables.get(name), format);
            } else {
                // Unknown names (macros such as $__timeFilter) stay for the backend, as in templateSrv.
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String format(Variable variable, String format) {
        List<String> values = variable.values();
        if (format == null) {
            // The PostgreSQL data source's interpolateVariable: quote when multi/includeAll, else raw.
            if (values.size() == 1 && !variable.multi() && !variable.includeAll()) {
                return values.get(0);
            }
            return values.stream().map(GrafanaSqlExpander::quoteLiteral).collect(Collectors.joining(","));
        }
        return switch (format) {
            case "csv", "raw" -> String.join(",", values);
            case "sqlstring" -> values.stream().map(GrafanaSqlExpander::quoteLiteral).collect(Collectors.joining(","));
            case "singlequote" -> values.stream().map(v -> "'" + v.replace("'", "\\'") + "'").collect(Collectors.joining(","));
            case "doublequote" -> values.stream().map(v -> "\"" + v.replace("\"", "\\\"") + "\"").collect(Collectors.joining(","));
            case "pipe" -> String.join("|", values);
            default -> throw new IllegalArgumentException("variable format '" + format + "' of $" + variable.name()
                    + " is not one this expander knows (csv, raw, sqlstring, singlequote, doublequote, pipe)");
        };
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The PostgreSQL macro engine (grafana-postgresql-datasource/macros.go). */
    String expandMacros(String sql, TimeRange range) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("__timeGroup")) {
                // Pre-5.3 compatibility, as Grafana does it: a ',' right after the first occurrence
                // of this very expression means the old "$__timeGroup(...), value" form with an alias.
                int index = sql.indexOf(m.group());
                if (index >= 0) {
                    index += m.group().length();
                    if (sql.length() > index && sql.charAt(index) == ',') {
                        name = "__timeGroupAlias";
                    }
                }
            }
            List<String> args = new ArrayList<>();
            for (String arg : m.group(2).split(",", -1)) {
                args.add(arg.strip());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, range)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String macro(String name, List<String> args, TimeRange range) {
        String column = args.get(0);
        return switch (name) {
            case "__time" -> requireColumn(name, column) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + requireColumn(name, column) + ") as \"time\"";
            case "__timeFilter" -> requireColumn(name, column) + " BETWEEN '" + rfc3339Nano(range.from()) + "' AND '"
                    + rfc3339Nano(range.to()) + "'";
            case "__timeFrom" -> "'" + rfc3339Nano(range.from()) + "'";
            case "__timeTo" -> "'" + rfc3339Nano(range.to()) + "'";
            case "__timeGroup" -> timeGroup(name, args);
            case "__timeGroupAlias" -> timeGroup(name, args) + " AS \"time\"";
            case "__unixEpochFilter" -> requireColumn(name, column) + " >= " + range.from().getEpochSecond() + " AND "
                    + column + " <= " + range.to().getEpochSecond();
            case "__unixEpochGroup" -> {
                double seconds = groupSeconds(name, args);
                yield "floor((" + column + ")/" + goFloat(seconds) + ")*" + goFloat(seconds);
            }
            case "__unixEpochGroupAlias" -> {
                double seconds = groupSeconds(name, args);
                yield "floor((" + column + ")/" + goFloat(seconds) + ")*" + goFloat(seconds) + " AS \"time\"";
            }
            default -> throw new IllegalArgumentException("unknown macro \"" + name + "\"");
        };
    }

    private String timeGroup(String name, List<String> args) {
        double seconds = groupSeconds(name, args);
        if (timescaledb) {
            return String.format(java.util.Locale.ROOT, "time_bucket('%.3fs',%s)", seconds, args.get(0));
        }
        return "floor(extract(epoch from " + args.get(0) + ")/" + goFloat(seconds) + ")*" + goFloat(seconds);
    }

    private static double groupSeconds(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("macro " + name + " needs time column and interval and optional fill value");
        }
        if (args.size() == 3 && !args.get(2).matches("(?i)NULL|previous|-?[0-9.]+")) {
            throw new IllegalArgumentException("macro " + name + " has fill value '" + args.get(2)
                    + "'; Grafana accepts NULL, previous or a number");
        }
        return parseInterval(args.get(1).replace("'", "")).toMillis() / 1000.0;
    }

    private static String requireColumn(String name, String column) {
        if (column.isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro " + name);
        }
        return column;
    }

    /** gtime.ParseInterval for the units dashboards use (months and years as 30 and 365 days). */
    public static Duration parseInterval(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("error parsing interval " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    /** gtime.FormatInterval: the largest whole unit. */
    static String formatInterval(Duration interval) {
        long ms = interval.toMillis();
        long day = 86_400_000L;
        if (ms >= 365 * day) {
            return ms / (365 * day) + "y";
        }
        if (ms >= day) {
            return ms / day + "d";
        }
        if (ms >= 3_600_000L) {
            return ms / 3_600_000L + "h";
        }
        if (ms >= 60_000L) {
            return ms / 60_000L + "m";
        }
        if (ms >= 1000L) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    /**
     * The interval Grafana computes for a panel: range / max data points rounded to a "nice" step
     * (kbn.roundInterval), never below the data source's or panel's minimum interval.
     */
    public static Duration calculateInterval(TimeRange range, int maxDataPoints, Duration minInterval) {
        long raw = range.length().toMillis() / Math.max(1, maxDataPoints);
        Duration rounded = Duration.ofMillis(roundInterval(raw));
        return rounded.compareTo(minInterval) < 0 ? minInterval : rounded;
    }

    private static long roundInterval(long ms) {
        long[][] steps = {
                {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1500, 1000},
                {3500, 2000}, {7500, 5000}, {12500, 10000}, {17500, 15000}, {25000, 20000}, {45000, 30000},
                {90000, 60000}, {210000, 120000}, {450000, 300000}, {750000, 600000}, {1050000, 900000},
                {1500000, 1200000}, {2700000, 1800000}, {5400000, 3600000}, {9000000, 7200000},
                {16200000, 10800000}, {24300000, 21600000}, {64800000, 43200000}, {129600000, 86400000},
                {604800000, 86400000}, {1814400000, 604800000}, {3628800000L, 2592000000L}};
        for (long[] step : steps) {
            if (ms <= step[0]) {
                return step[1];
            }
        }
        return 31536000000L;
    }

    /** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, 'Z'. */
    static String rfc3339Nano(Instant instant) {
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(instant);
        int nanos = instant.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }

    /** Go's %v of a float64 for the values macros print (whole seconds print without a point). */
    private static String goFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
