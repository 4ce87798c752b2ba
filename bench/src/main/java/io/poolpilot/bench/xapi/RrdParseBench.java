package io.poolpilot.bench.xapi;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The command behind {@code ./poolpilot bench-rrd-parse [--out FILE] [JMH options]}: runs
 * {@link RrdParseBenchmark} under JMH and writes the figures per round to
 * {@code bench-results/xapi-rrd-parse.txt}. JMH options pass through (quick run: {@code -wi 1 -i 2 -w 1 -r 1}).
 */
public final class RrdParseBench {

    private RrdParseBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench-results", "xapi-rrd-parse.txt");
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        var options = new OptionsBuilder()
                .parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(RrdParseBenchmark.class.getName() + ".")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        List<RrdDocuments.Doc> round = RrdDocuments.round();
        int columns = round.getFirst().columns();
        long cells = (long) RrdDocuments.HOSTS * columns * RrdDocuments.ROWS;
        StringBuilder text = new StringBuilder();
        text.append("# rrd_updates parse benchmark (JMH, RrdParseBenchmark), ").append(Instant.now()).append('\n');
        text.append("Command: ./poolpilot bench-rrd-parse").append(jmhArgs.isEmpty() ? "" : " " + String.join(" ", jmhArgs))
                .append('\n');
        text.append("JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version())
                .append(", cores=").append(Runtime.getRuntime().availableProcessors()).append(", single thread\n");
        text.append(String.format(Locale.ROOT, "Pool: %d hosts x %d VMs; per host document %d columns (%d host + %d per VM)"
                        + " x %d rows; %.0f%% NaN; one round = %d documents, %,d cells%n", RrdDocuments.HOSTS,
                RrdDocuments.VMS_PER_HOST, columns, RrdDocuments.HOST_SOURCES.size(), RrdDocuments.VM_SOURCES.size(),
                RrdDocuments.ROWS, RrdDocuments.NAN_FRACTION * 100, RrdDocuments.HOSTS, cells));
        text.append("JMH average time per round (mean +- 99.9% confidence half-width)\n\n");
        double xmlMs = Double.NaN;
        for (RunResult run : results) {
            String format = run.getParams().getParam("format");
            Result<?> r = run.getPrimaryResult();
            double ms = r.getScore();
            long bytes = round.stream().mapToLong(d -> format.equals("json") ? d.json().length : d.xml().length).sum();
            if (format.equals("xml")) {
                xmlMs = ms;
            }
            text.append(String.format(Locale.ROOT,
                    "%-5s round %8.1f +- %5.1f ms | per host doc %6.2f ms | %5.1f M cells/s | %6.1f MB/s | %.1f MB/round%n",
                    format, ms, r.getScoreError(), ms / RrdDocuments.HOSTS, cells / ms / 1000.0,
                    bytes / 1e6 / (ms / 1000.0), bytes / 1e6));
        }
        text.append(String.format(Locale.ROOT, "%nBudget: a round must finish well inside the 5 s collection interval;"
                + " XML uses %.1f%% of it on one core.%n", xmlMs / 5000.0 * 100));
        System.out.print(text);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text.toString());
        System.out.println("written to " + out);
    }
}
