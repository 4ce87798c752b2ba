package io.poolpilot.daemon.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the DB writer.
 *
 * @param readerName         journal reader name, also the key of its row in {@code journal_watermark}
 * @param maxBatchEntries    size bound of a batch (journal entries); once the writer has caught up
 *                           with the journal, a batch of a tenth of this commits without waiting
 * @param maxBatchDelay      time bound: a batch commits at most this long after its first entry was read
 * @param maxBackoff         cap of the exponential backoff while the database is unreachable
 * @param maxFutureSkew      samples further ahead of the writer's clock are skipped (broken host clock)
 * @param maxSampleAge       samples older than this are skipped (their partition may be gone)
 * @param rollupInterval     how often the plain flavour's rollups are brought up to date
 * @param partitionDaysAhead plain flavour: day partitions kept ready beyond today
 * @param rawRetentionDays   plain flavour: day partitions older than this are dropped
 * @param minuteRollupRetentionDays plain flavour: 1-minute rollup rows older than this are deleted
 * @param hourRollupRetentionDays   plain flavour: 1-hour rollup rows older than this are deleted
 *                           (TimescaleDB: the same figures are its migration's retention policies)
 */
public record DbWriterConfig(String readerName, int maxBatchEntries, Duration maxBatchDelay, Duration maxBackoff,
                             Duration maxFutureSkew, Duration maxSampleAge, CopyFormat copyFormat,
                             Duration rollupInterval, int partitionDaysAhead, int rawRetentionDays,
                             int minuteRollupRetentionDays, int hourRollupRetentionDays) {

    public DbWriterConfig {
        Objects.requireNonNull(readerName, "readerName");
        Objects.requireNonNull(copyFormat, "copyFormat");
        if (maxBatchEntries < 1) {
            throw new IllegalArgumentException("maxBatchEntries must be >= 1, got " + maxBatchEntries);
        }
        requirePositive("maxBatchDelay", maxBatchDelay);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("maxFutureSkew", maxFutureSkew);
        requirePositive("maxSampleAge", maxSampleAge);
        requirePositive("rollupInterval", rollupInterval);
        if (partitionDaysAhead < 1) {
            throw new IllegalArgumentException("partitionDaysAhead must be >= 1, got " + partitionDaysAhead);
        }
        if (rawRetentionDays * 86_400L <= maxSampleAge.toSeconds()) {
            throw new IllegalArgumentException("rawRetentionDays (" + rawRetentionDays + ") must exceed maxSampleAge ("
                    + maxSampleAge + "), or late samples would land in dropped partitions");
        }
        if (minuteRollupRetentionDays <= rawRetentionDays || hourRollupRetentionDays < minuteRollupRetentionDays) {
            throw new IllegalArgumentException("rollup retention must outlast raw retention (" + rawRetentionDays
                    + " days): minuteRollupRetentionDays " + minuteRollupRetentionDays + " must exceed it and"
                    + " hourRollupRetentionDays " + hourRollupRetentionDays + " must be at least the minute rollups'");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }

    /**
     * 20,000-entry / 500 ms batches, binary COPY, 10 min future skew, 3 day late limit, raw samples kept 30 days,
     * 1-minute rollups 90 days, 1-hour rollups 2 years.
     */
    public static DbWriterConfig defaults() {
        return new DbWriterConfig("db-writer", 20_000, Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofDays(3), CopyFormat.BINARY, Duration.ofSeconds(30), 2, 30, 90, 730);
    }

    public DbWriterConfig withReaderName(String name) {
        return new DbWriterConfig(name, maxBatchEntries, maxBatchDelay, maxBackoff, maxFutureSkew, maxSampleAge,
                copyFormat, rollupInterval, partitionDaysAhead, rawRetentionDays,
                minuteRollupRetentionDays, hourRollupRetentionDays);
    }

    public DbWriterConfig withBatch(int entries, Duration delay) {
        return new DbWriterConfig(readerName, entries, delay, maxBackoff, maxFutureSkew, maxSampleAge,
                copyFormat, rollupInterval, partitionDaysAhead, rawRetentionDays,
                minuteRollupRetentionDays, hourRollupRetentionDays);
    }

    public DbWriterConfig withCopyFormat(CopyFormat format) {
        return new DbWriterConfig(readerName, maxBatchEntries, maxBatchDelay, maxBackoff, maxFutureSkew, maxSampleAge,
                format, rollupInterval, partitionDaysAhead, rawRetentionDays,
                minuteRollupRetentionDays, hourRollupRetentionDays);
    }

    public DbWriterConfig withRollupInterval(Duration interval) {
        return new DbWriterConfig(readerName, maxBatchEntries, maxBatchDelay, maxBackoff, maxFutureSkew, maxSampleAge,
                copyFormat, interval, partitionDaysAhead, rawRetentionDays,
                minuteRollupRetentionDays, hourRollupRetentionDays);
    }

    public DbWriterConfig withMaxBackoff(Duration backoff) {
        return new DbWriterConfig(readerName, maxBatchEntries, maxBatchDelay, backoff, maxFutureSkew, maxSampleAge,
                copyFormat, rollupInterval, partitionDaysAhead, rawRetentionDays,
                minuteRollupRetentionDays, hourRollupRetentionDays);
    }
}
