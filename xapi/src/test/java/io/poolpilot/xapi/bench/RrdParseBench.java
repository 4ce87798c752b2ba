package io.poolpilot.xapi.bench;

import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Benchmark (not a test): how long parsing one collection round of rrd_updates takes for a pool
 * of 64 hosts with 50 VMs each, in the XML and JSON forms. Each host answers for itself and its
 * VMs, so a round is 64 documents. Writes its figures to bench-results/xapi-rrd-parse.txt.
 *
 * <pre>mvn -o -q -pl xapi test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.poolpilot.xapi.bench.RrdParseBench</pre>
 */
public final class RrdParseBench {

    static final int HOSTS = 64;
    static final int VMS_PER_HOST = 50;
    static final int ROWS = 12; // one minute at a 5 s step: what a collector catching up after a gap gets
    static final double NAN_FRACTION = 0.02;
    static final int WARMUP_ROUNDS = 15;
    static final int MEASURED_ROUNDS = 40;
    static final long SEED = 42;

    static final List<String> HOST_SOURCES = hostSources();
    static final List<String> VM_SOURCES = List.of("cpu0", "cpu1", "cpu2", "cpu3", "memory", "memory_internal_free",
            "memory_target", "vif_0_rx", "vif_0_tx", "vbd_xvda_read", "vbd_xvda_write", "vbd_xvdb_read",
            "vbd_xvdb_write");

    private RrdParseBench() {
    }

    static List<String> hostSources() {
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

    static Doc hostDocument(Random rnd, long end) {
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

    /** Counts and sums every point so the work cannot be optimised away. */
    static final class Sink implements Consumer<DataPoint> {
        long points;
        double sum;

        @Override
        public void accept(DataPoint p) {
            points++;
            sum += p.value();
        }
    }

    record Figures(double medianMs, double p90Ms, double minMs, long pointsPerRound, long bytesPerRound) {
    }

    static Figures measure(List<Doc> round, boolean json) {
        RrdUpdatesParser parser = new RrdUpdatesParser();
        Sink sink = new Sink();
        long bytes = round.stream().mapToLong(d -> json ? d.json().length : d.xml().length).sum();
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            runRound(parser, round, json, sink);
        }
        double[] ms = new double[MEASURED_ROUNDS];
        long points = 0;
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            long before = sink.points;
            long t0 = System.nanoTime();
            runRound(parser, round, json, sink);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            points = sink.points - before;
        }
        if (sink.sum == 42.0) {
            System.out.println("(unlikely)");
        }
        Arrays.sort(ms);
        return new Figures(ms[ms.length / 2], ms[(int) (ms.length * 0.9)], ms[0], points, bytes);
    }

    static void runRound(RrdUpdatesParser parser, List<Doc> round, boolean json, Sink sink) {
        for (Doc d : round) {
            RrdParseResult r = json ? parser.parseJson(new ByteArrayInputStream(d.json()), sink)
                    : parser.parseXml(new ByteArrayInputStream(d.xml()), sink);
            if (r.rowsParsed() != ROWS) {
                throw new IllegalStateException("parsed " + r.rowsParsed() + " rows, expected " + ROWS);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Random rnd = new Random(SEED);
        long end = 1_764_063_360L;
        List<Doc> round = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            round.add(hostDocument(rnd, end));
        }
        int columns = round.getFirst().columns();
        long cells = (long) HOSTS * columns * ROWS;
        Figures xml = measure(round, false);
        Figures json = measure(round, true);

        StringBuilder out = new StringBuilder();
        out.append("# rrd_updates parse benchmark (RrdParseBench), ").append(Instant.now()).append('\n');
        out.append("JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version())
                .append(", cores=").append(Runtime.getRuntime().availableProcessors()).append(", single thread\n");
        out.append(String.format(Locale.ROOT, "Pool: %d hosts x %d VMs; per host document %d columns (%d host + %d per VM)"
                        + " x %d rows; %.0f%% NaN; one round = %d documents, %,d cells%n", HOSTS, VMS_PER_HOST, columns,
                HOST_SOURCES.size(), VM_SOURCES.size(), ROWS, NAN_FRACTION * 100, HOSTS, cells));
        out.append(String.format(Locale.ROOT, "Warm-up %d rounds, measured %d rounds (wall clock per round)%n%n",
                WARMUP_ROUNDS, MEASURED_ROUNDS));
        for (var e : List.of(java.util.Map.entry("XML xport", xml), java.util.Map.entry("JSON (json=true)", json))) {
            Figures f = e.getValue();
            out.append(String.format(Locale.ROOT,
                    "%-17s round median %8.1f ms  p90 %8.1f ms  min %8.1f ms | per host doc %6.2f ms | "
                            + "%5.1f M cells/s | %6.1f MB/s | %,d points/round (%.1f MB/round)%n",
                    e.getKey(), f.medianMs(), f.p90Ms(), f.minMs(), f.medianMs() / HOSTS,
                    cells / f.medianMs() / 1000.0, f.bytesPerRound() / 1e6 / (f.medianMs() / 1000.0),
                    f.pointsPerRound(), f.bytesPerRound() / 1e6));
        }
        out.append(String.format(Locale.ROOT, "%nBudget: a round must finish well inside the 5 s collection interval;"
                + " XML median uses %.1f%% of it on one core.%n", xml.medianMs() / 5000.0 * 100));
        System.out.print(out);
        Path file = repoRoot().resolve("bench-results").resolve("xapi-rrd-parse.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
        System.out.println("written to " + file);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("xapi").resolve("pom.xml"))) {
                return d;
            }
        }
        return p;
    }
}
