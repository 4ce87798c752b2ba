package io.poolpilot.xapi.metrics;

/** The {@code <meta>} of an xport document: the window, its step, and the table's declared size. */
public record RrdMeta(long startSeconds, long endSeconds, long stepSeconds, int rows, int columns) {

    public RrdMeta {
        if (stepSeconds < 0 || rows < 0 || columns < 0) {
            throw new IllegalArgumentException("rrd meta must not be negative: step=" + stepSeconds + " rows=" + rows
                    + " columns=" + columns);
        }
    }
}
