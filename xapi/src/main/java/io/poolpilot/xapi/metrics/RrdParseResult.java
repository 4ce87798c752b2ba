package io.poolpilot.xapi.metrics;

import java.util.Objects;

/**
 * What parsing one rrd_updates document produced: its meta, how many points were delivered,
 * how many values were NaN (absent, not delivered), how many could not be read, and how many
 * legend entries were malformed (their columns are skipped).
 */
public record RrdParseResult(RrdMeta meta, long points, long absentValues, long skippedValues,
                             int skippedColumns, int rowsParsed) {

    public RrdParseResult {
        Objects.requireNonNull(meta, "meta");
    }
}
