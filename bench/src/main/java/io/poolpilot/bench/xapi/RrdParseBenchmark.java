package io.poolpilot.bench.xapi;

import io.poolpilot.xapi.metrics.DataPoint;
import io.poolpilot.xapi.metrics.RrdParseResult;
import io.poolpilot.xapi.metrics.RrdUpdatesParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** JMH: the time to parse one collection round of rrd_updates (64 host documents), XML and JSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class RrdParseBenchmark {

    @Param({"xml", "json"})
    public String format;

    private List<RrdDocuments.Doc> round;
    private final RrdUpdatesParser parser = new RrdUpdatesParser();

    @Setup
    public void generate() {
        round = RrdDocuments.round();
    }

    /** Returns the points' sum, which JMH consumes, so the parse cannot be optimised away. */
    @Benchmark
    public double parseRound() {
        Sink sink = new Sink();
        boolean json = format.equals("json");
        for (RrdDocuments.Doc d : round) {
            RrdParseResult r = json ? parser.parseJson(new ByteArrayInputStream(d.json()), sink)
                    : parser.parseXml(new ByteArrayInputStream(d.xml()), sink);
            if (r.rowsParsed() != RrdDocuments.ROWS) {
                throw new IllegalStateException("parsed " + r.rowsParsed() + " rows, expected " + RrdDocuments.ROWS);
            }
        }
        return sink.sum + sink.points;
    }

    private static final class Sink implements Consumer<DataPoint> {
        long points;
        double sum;

        @Override
        public void accept(DataPoint p) {
            points++;
            sum += p.value();
        }
    }
}
