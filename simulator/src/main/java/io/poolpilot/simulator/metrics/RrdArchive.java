package io.poolpilot.simulator.metrics;

import java.util.List;

/**
 * A whole round-robin database as xcp-rrdd serves it on {@code GET /host_rrd} and {@code GET /vm_rrd}:
 * rrdtool's dump XML ({@code <rrd><version>0003</version><step>5</step>...<ds>...<rra>...}), or with
 * json=true the JSON form of xapi-rrd's Rrd.Json (every number a string). Four AVERAGE archives like
 * xcp-rrdd's (5 s x 120, 1 min x 120, 1 h x 168, 1 day x 366), rows oldest first; a row's value is the
 * workload sampled at the row's time. xcp-rrdd also keeps MIN and MAX archives; the simulator does not.
 */
public final class RrdArchive {
    private static final long[] STEPS = {5, 60, 3600, 86400};
    private static final int[] ROWS = {120, 120, 168, 366};

    private RrdArchive() {
    }

    /** The host's own RRD (no VM columns). */
    public static String host(HostSnapshot host, long nowEpochSeconds, long startEpochSeconds, boolean json) {
        return render(host, DataSources.columns(host, true, false, null), nowEpochSeconds, startEpochSeconds, json);
    }

    /** The RRD of one VM resident on the host; null when the VM is not resident there. */
    public static String vm(HostSnapshot host, String vmUuid, long nowEpochSeconds, long startEpochSeconds, boolean json) {
        List<DataSources.Column> columns = DataSources.columns(host, false, true, vmUuid);
        return columns.isEmpty() ? null : render(host, columns, nowEpochSeconds, startEpochSeconds, json);
    }

    private static String render(HostSnapshot host, List<DataSources.Column> columns, long now, long start, boolean json) {
        long lastUpdate = Math.floorDiv(now, STEPS[0]) * STEPS[0];
        StringBuilder sb = new StringBuilder(4096 + columns.size() * 800 * 10);
        HostLoad latest = HostLoad.at(host, lastUpdate - start);
        if (json) {
            sb.append("{\"version\":\"0003\",\"step\":\"5\",\"lastupdate\":\"").append(lastUpdate).append(".000000\",\"ds\":[");
        } else {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rrd><version>0003</version><step>5</step><lastupdate>")
                    .append(lastUpdate).append("</lastupdate>");
        }
        for (int c = 0; c < columns.size(); c++) {
            DataSources.Column col = columns.get(c);
            String v = number(DataSources.value(host, latest, col));
            String max = col.source() == DataSources.Source.HOST_CPU || col.source() == DataSources.Source.VM_CPU
                    || col.source() == DataSources.Source.HOST_CPU_AVG ? "1.0" : "Infinity";
            if (json) {
                sb.append(c == 0 ? "" : ",").append("{\"name\":\"").append(col.ds()).append("\",\"type\":\"")
                        .append(DataSources.type(col)).append("\",\"minimal_heartbeat\":\"300.0\",\"min\":\"0.0\",\"max\":\"")
                        .append(max).append("\",\"last_ds\":\"").append(v).append("\",\"value\":\"0.0\",\"unknown_sec\":\"0.0\"")
                        .append(",\"last_updated\":\"").append(lastUpdate).append(".0\"}");
            } else {
                sb.append("<ds><name>").append(col.ds()).append("</name><type>").append(DataSources.type(col))
                        .append("</type><minimal_heartbeat>300.0000</minimal_heartbeat><min>0.0</min><max>").append(max)
                        .append("</max><last_ds>").append(v).append("</last_ds><value>0.0</value><unknown_sec>0</unknown_sec>")
                        .append("<last_updated>").append(lastUpdate).append(".0</last_updated></ds>");
            }
        }
        sb.append(json ? "],\"rra\":[" : "");
        for (int a = 0; a < STEPS.length; a++) {
            long step = STEPS[a];
            long pdpPerRow = step / STEPS[0];
            long end = Math.floorDiv(now, step) * step;
            if (json) {
                sb.append(a == 0 ? "" : ",").append("{\"cf\":\"AVERAGE\",\"pdp_per_row\":\"").append(pdpPerRow)
                        .append("\",\"params\":{\"xff\":\"0.5\"},\"cdp_prep\":{\"ds\":[");
                for (int c = 0; c < columns.size(); c++) {
                    sb.append(c == 0 ? "" : ",").append("{\"primary_value\":\"0.0\",\"secondary_value\":\"0.0\",\"value\":\"0.0\",\"unknown_datapoints\":\"0\"}");
                }
                sb.append("]},\"database\":[");
            } else {
                sb.append("<rra><cf>AVERAGE</cf><pdp_per_row>").append(pdpPerRow)
                        .append("</pdp_per_row><params><xff>0.5000</xff></params><cdp_prep>");
                for (int c = 0; c < columns.size(); c++) {
                    sb.append("<ds><primary_value>0.0</primary_value><secondary_value>0.0</secondary_value><value>0.0</value>")
                            .append("<unknown_datapoints>0</unknown_datapoints></ds>");
                }
                sb.append("</cdp_prep><database>");
            }
            for (int r = ROWS[a] - 1; r >= 0; r--) {
                long t = end - r * step;
                boolean before = t < start;
                HostLoad load = before ? null : HostLoad.at(host, t - start);
                sb.append(json ? (r == ROWS[a] - 1 ? "[" : ",[") : "<row>");
                for (int c = 0; c < columns.size(); c++) {
                    // Before the scenario began there was nothing to record: rrdd writes NaN for such rows.
                    String v = before ? "NaN" : number(DataSources.value(host, load, columns.get(c)));
                    if (json) {
                        sb.append(c == 0 ? "\"" : ",\"").append(v).append('"');
                    } else {
                        sb.append("<v>").append(v).append("</v>");
                    }
                }
                sb.append(json ? "]" : "</row>");
            }
            sb.append(json ? "]}" : "</database></rra>");
        }
        sb.append(json ? "]}" : "</rrd>");
        return sb.toString();
    }

    private static String number(double v) {
        StringBuilder sb = new StringBuilder(16);
        RrdUpdates.appendNumber(sb, v);
        return sb.toString();
    }
}
