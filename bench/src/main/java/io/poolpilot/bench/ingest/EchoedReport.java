package io.poolpilot.bench.ingest;

/** A Markdown report built line by line and echoed to stdout as the benchmark runs. */
final class EchoedReport {

    private final StringBuilder text = new StringBuilder();

    void line(String line) {
        text.append(line).append('\n');
        System.out.println(line);
    }

    String text() {
        return text.toString();
    }
}
