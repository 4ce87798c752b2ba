package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.model.Sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Plain PostgreSQL: day partitions ahead and on demand for late samples, raw retention by dropping
 * partitions and rollup retention by deleting old rollup rows (hourly), and the rollups from the dirty
 * minutes each batch marks (every rollupInterval).
 */
final class PlainMaintenance implements StoreMaintenance {

    private final DbWriterConfig config;
    private final Clock clock;
    private final PartitionMaintainer partitions = new PartitionMaintainer();
    private final RollupMaintainer rollups;
    private long nextMaintenanceMillis;
    private long nextRollupMillis;

    PlainMaintenance(DbWriterConfig config, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.rollups = new RollupMaintainer(registry);
        // First rollup pass one interval after start: a restart under backlog drains samples first.
        this.nextRollupMillis = System.currentTimeMillis() + config.rollupInterval().toMillis();
    }

    @Override
    public void reset() {
        partitions.reset();
        nextMaintenanceMillis = 0;
    }

    @Override
    public void beforeBatch(Connection connection, List<JournalEntry> batch, long minSecond, long maxSecond) throws SQLException {
        LocalDate last = null;
        for (JournalEntry entry : batch) {
            if (entry.observation() instanceof Sample s && s.timeSeconds() >= minSecond && s.timeSeconds() <= maxSecond) {
                LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(s.timeSeconds(), 86_400L));
                if (!day.equals(last)) {
                    partitions.ensureDay(connection, day);
                    last = day;
                }
            }
        }
    }

    @Override
    public void inTransaction(Connection connection, PreparedBatch batch) throws SQLException {
        RollupMaintainer.markMinutesDirty(connection, batch.minutes);
    }

    @Override
    public long dueAtMillis() {
        return nextRollupMillis;
    }

    @Override
    public void run(Connection connection) throws SQLException {
        long now = System.currentTimeMillis();
        if (now >= nextMaintenanceMillis) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            partitions.ensureDays(connection, today, today.plusDays(config.partitionDaysAhead()));
            partitions.dropBefore(connection, today.minusDays(config.rawRetentionDays()));
            Instant instant = clock.instant();
            RollupMaintainer.deleteOlderThan(connection, instant.minus(Duration.ofDays(config.minuteRollupRetentionDays())),
                    instant.minus(Duration.ofDays(config.hourRollupRetentionDays())));
            nextMaintenanceMillis = now + 3_600_000;
        }
        if (now >= nextRollupMillis) {
            Instant instant = clock.instant();
            long budgetEnd = System.nanoTime() + 1_000_000_000L;
            while (rollups.refresh(connection, instant, 5) > 0 && System.nanoTime() < budgetEnd) {
                // Drain the dirty buckets a little at a time so batches keep flowing.
            }
            nextRollupMillis = now + config.rollupInterval().toMillis();
        }
    }
}
