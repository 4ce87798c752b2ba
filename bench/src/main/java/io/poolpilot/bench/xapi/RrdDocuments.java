package io.poolpilot.bench.xapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * One collection round of rrd_updates for a seeded pool of 64 hosts with 50 VMs each, in the XML and
 * JSON forms: each host answers for itself and its VMs, so a round is 64 documents.
 */
final class RrdDocuments {

    static final int HOSTS = 64;
    static final int VMS_PER_HOST = 50;
    static final int ROWS = 12; // one minute at a 5 s step: what a collector catching up after a gap gets
    static final double NAN_FRACTION = 0.02;
    static final long SEED = 42;
    static final long END = 1_764_063_360L;

    static final List<String> HOST_SOURCES = hostSources();
    static final List<String> VM_SOURCES = List.of("cpu0", "cpu1", "cpu2", "cpu3", "memory", "memory_internal_free",
            "memory_target", "vif_0_rx", "vif_0_tx", "vbd_xvda_read", "vbd_xvda_write", "vbd_xvdb_read",
            "vbd_xvdb_write");

    private RrdDocuments() {
    }

    /** The 64 host documents of one round, the same bytes on every call. */
    static List<Doc> round() {
        Random rnd = new Random(SEED);
        List<Doc> round = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            round.add(hostDocument(rnd, END));
        }
        return round;
    }

    private static List<String> hostSources() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            s.add("cpu" + i);
        }
        s.addAll(List.of("cpu_avg", "memory_total_kib", "memory_free_kib", "loadavg", "pif_eth0_rx", "pif_eth0_tx",
                "pif_eth1_rx", "pif_eth1_tx"));
        return s;
    }

    record Doc(byte[] xml, byte[] json, int columns) {
    }

    private static Doc hostDocument(Random rnd, long end) {
        List<String> legend = new ArrayList<>();
        String hostUuid = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        HOST_SOURCES.forEach(ds -> legend.add("AVERAGE:host:" + hostUuid + ":" + ds));
        for (int v = 0; v < VMS_PER_HOST; v++) {
            String vmUuid = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            VM_SOURCES.forEach(ds -> legend.add("AVERAGE:vm:" + vmUuid + ":" + ds));
        }
        long start = end - (ROWS - 1) * 5L;
        StringBuilder x = new StringBuilder(1 << 20);
        StringBuilder j = new StringBuilder(1 << 20);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xport><meta><start>").append(start)
                .append("</start><step>5</step><end>").append(end).append("</end><rows>").append(ROWS)
                .append("</rows><columns>").append(legend.size()).append("</columns><legend>");
        j.append("{\"meta\":{\"start\":").append(start).append(",\"step\":5,\"end\":").append(end)
                .append(",\"rows\":").append(ROWS).append(",\"columns\":").append(legend.size()).append(",\"legend\":[");
        for (int i = 0; i < legend.size(); i++) {
            x.append("<entry>").append(legend.get(i)).append("</entry>");
            j.append(i == 0 ? "" : ",").append('"').append(legend.get(i)).append('"');
        }
        x.append("</legend></meta><data>");
        j.append("]},\"data\":[");
        for (int r = 0; r < ROWS; r++) {
            long t = end - r * 5L;
            x.append("<row><t>").append(t).append("</t>");
            j.append(r == 0 ? "" : ",").append("{\"t\":").append(t).append(",\"values\":[");
            for (int c = 0; c < legend.size(); c++) {
                String v = rnd.nextDouble() < NAN_FRACTION ? "NaN"
                        : String.format(Locale.ROOT, "%.4E", rnd.nextDouble() * 1.0e6);
                x.append("<v>").append(v).append("</v>");
                j.append(c == 0 ? "" : ",").append(v.equals("NaN") ? "\"NaN\"" : v);
            }
            x.append("</row>");
            j.append("]}");
        }
        x.append("</data></xport>");
        j.append("]}");
        return new Doc(x.toString().getBytes(StandardCharsets.UTF_8), j.toString().getBytes(StandardCharsets.UTF_8),
                legend.size());
    }
}
