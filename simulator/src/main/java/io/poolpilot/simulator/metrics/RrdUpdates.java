package io.poolpilot.simulator.metrics;

import io.poolpilot.simulator.fault.Fault;
import io.poolpilot.simulator.workload.Noise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a host's {@code GET /rrd_updates} answer in xcp-rrdd's xport format (XML, or JSON with
 * json=true): a legend of {@code AVERAGE:host:<uuid>:<ds>} / {@code AVERAGE:vm:<uuid>:<ds>} columns and
 * rows newest first. Values are the workload functions sampled at each row's time.
 */
public final class RrdUpdates {
    /** Archive steps XAPI keeps (seconds) and how many rows each holds. */
    private static final long[] STEPS = {5, 60, 3600, 86400};
    private static final int[] ROWS = {120, 120, 168, 366};

    private RrdUpdates() {
    }

    /** The request: start (unix s), preferred interval, include host columns, JSON or XML, VM filter. */
    public record Query(long start, long interval, boolean host, boolean json, String vmUuid) {
    }

    /**
     * Renders the answer.
     *
     * @param nowEpochSeconds simulated now
     * @param startEpochSeconds simulated instant the scenario started (workload time zero)
     * @param rowsKept how many 5 s rows the host keeps
     */
    public static String render(HostSnapshot host, Query q, long nowEpochSeconds, long startEpochSeconds, int rowsKept,
                                Optional<Fault.GarbledRrd> garble) {
        int archive = 0;
        while (archive < STEPS.length - 1 && STEPS[archive] < q.interval()) {
            archive++;
        }
        long step = STEPS[archive];
        int maxRows = archive == 0 ? rowsKept : ROWS[archive];
        long end = Math.floorDiv(nowEpochSeconds, step) * step;
        List<Long> times = new ArrayList<>();
        for (long t = end; t > q.start() && times.size() < maxRows; t -= step) {
            times.add(t);
        }
        List<DataSources.Column> columns = DataSources.columns(host, q.host(), true, q.vmUuid());
        StringBuilder sb = new StringBuilder(256 + times.size() * columns.size() * 12 + columns.size() * 64);
        long first = times.isEmpty() ? end : times.getLast();
        if (q.json()) {
            sb.append("{\"meta\":{\"start\":").append(first).append(",\"step\":").append(step).append(",\"end\":")
                    .append(end).append(",\"rows\":").append(times.size()).append(",\"columns\":").append(columns.size())
                    .append(",\"legend\":[");
            for (int c = 0; c < columns.size(); c++) {
                sb.append(c == 0 ? "\"" : ",\"").append(columns.get(c).legend()).append('"');
            }
            sb.append("]},\"data\":[");
        } else {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xport><meta><start>").append(first)
                    .append("</start><step>").append(step).append("</step><end>").append(end).append("</end><rows>")
                    .append(times.size()).append("</rows><columns>").append(columns.size()).append("</columns><legend>");
            for (DataSources.Column c : columns) {
                sb.append("<entry>").append(c.legend()).append("</entry>");
            }
            sb.append("</legend></meta><data>");
        }
        for (int r = 0; r < times.size(); r++) {
            long t = times.get(r);
            HostLoad load = HostLoad.at(host, t - startEpochSeconds);
            boolean garbledRow = garble.isPresent() && garble.get().mode().equals("garbled")
                    && Noise.unit(host.seed(), t) < garble.get().probability();
            double nanProbability = garble.isPresent() && garble.get().mode().equals("nan") ? garble.get().probability() : 0;
            if (q.json()) {
                sb.append(r == 0 ? "" : ",").append("{\"t\":").append(t).append(",\"values\":[");
            } else {
                sb.append("<row><t>").append(t).append("</t>");
            }
            int last = garbledRow ? columns.size() - 1 : columns.size();
            double lastValue = Double.NaN;
            int lastStart = 0;
            int lastEnd = 0;
            for (int c = 0; c < last; c++) {
                double v = DataSources.value(host, load, columns.get(c));
                if (nanProbability > 0 && Noise.unit(host.seed() ^ t, c) < nanProbability) {
                    v = Double.NaN;
                }
                if (q.json()) {
                    if (c > 0) {
                        sb.append(',');
                    }
                } else {
                    sb.append("<v>");
                }
                if (garbledRow && c == 0) {
                    sb.append("0.1.2e");
                } else if (v == lastValue && lastEnd > lastStart) {
                    // Runs of equal values (a host's cpuN, a VM's vCPUs) are formatted once.
                    sb.append(sb, lastStart, lastEnd);
                } else {
                    lastStart = sb.length();
                    appendNumber(sb, v);
                    lastEnd = sb.length();
                    lastValue = v;
                }
                if (!q.json()) {
                    sb.append("</v>");
                }
            }
            sb.append(q.json() ? "]}" : "</row>");
        }
        sb.append(q.json() ? "]}" : "</data></xport>");
        return sb.toString();
    }

    /** Like xcp-rrdd: NaN as "NaN", integers without a fraction, otherwise up to 6 significant decimals. */
    static void appendNumber(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("NaN");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e9) {
            // Fixed 6 decimals is plenty for fractions and rates and far cheaper than Double.toString.
            long scaled = Math.round(v * 1_000_000);
            if (scaled < 0) {
                sb.append('-');
                scaled = -scaled;
            }
            sb.append(scaled / 1_000_000).append('.');
            String frac = Long.toString(scaled % 1_000_000);
            for (int i = frac.length(); i < 6; i++) {
                sb.append('0');
            }
            sb.append(frac);
        } else {
            sb.append(v);
        }
    }
}
