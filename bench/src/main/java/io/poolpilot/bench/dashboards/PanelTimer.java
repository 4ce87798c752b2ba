package io.poolpilot.bench.dashboards;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times expanded panel queries on one connection as Grafana's data source runs them: the statement, then every
 * row and column read off the wire (Grafana turns the whole result into a data frame). A query over the
 * statement timeout counts as a timeout, not as a figure.
 */
final class PanelTimer implements AutoCloseable {

    /** The runs of one query: milliseconds per run (sorted), rows returned, whether a run hit the timeout. */
    record Timing(double[] millis, long rows, boolean timedOut, String error) {
        double percentile(double p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            // Nearest rank: with 5 runs the p95 is the slowest run.
            int rank = (int) Math.ceil(p / 100.0 * millis.length);
            return millis[Math.max(0, rank - 1)];
        }
    }

    private final Connection connection;
    private final int timeoutSeconds;

    PanelTimer(Connection connection, int timeoutSeconds) throws SQLException {
        this.connection = connection;
        this.timeoutSeconds = timeoutSeconds;
        try (Statement st = connection.createStatement()) {
            st.execute("SET statement_timeout = '" + timeoutSeconds + "s'");
        }
    }

    /** One warm-up run (not counted), then {@code runs} timed ones; a query slower than 3 s gets 2 timed runs. */
    Timing time(String sql, int runs) {
        List<Double> millis = new ArrayList<>();
        long rows = 0;
        try {
            double warm = once(sql)[0];
            int n = warm > 3000 ? Math.min(2, runs) : runs;
            for (int i = 0; i < n; i++) {
                double[] run = once(sql);
                millis.add(run[0]);
                rows = (long) run[1];
            }
        } catch (SQLTimeoutException e) {
            return new Timing(sorted(millis), rows, true, null);
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) { // query_canceled: statement_timeout
                return new Timing(sorted(millis), rows, true, null);
            }
            return new Timing(sorted(millis), rows, false, e.getMessage());
        }
        return new Timing(sorted(millis), rows, false, null);
    }

    private double[] once(String sql) throws SQLException {
        long start = System.nanoTime();
        long rows = 0;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
        }
        return new double[]{(System.nanoTime() - start) / 1e6, rows};
    }

    private static double[] sorted(List<Double> millis) {
        double[] out = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(out);
        return out;
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
