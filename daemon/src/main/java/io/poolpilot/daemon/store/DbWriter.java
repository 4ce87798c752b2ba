package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.Sample;
import io.poolpilot.daemon.store.BatchInserter.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Tails the journal and writes samples to PostgreSQL with COPY, exactly once: the journal index of
 * the last entry of each batch is committed in {@code journal_watermark} in the same transaction as
 * the batch's rows and inventory changes, and on start the reader resumes right after it.
 *
 * <p>While the database is unreachable the same batch is retried with capped exponential backoff; the
 * journal keeps growing (see the backlog gauge) and, on recovery, batches fill to their size bound
 * so the writer catches up at full speed. Samples that cannot be stored are validated out before
 * the COPY, counted by {@link SkipReason} and logged once per reason: one bad row never fails a batch.
 */
public final class DbWriter implements AutoCloseable {

    /** What one committed batch covered; for tests and the benchmark's latency histogram. */
    public record BatchCommitted(long firstIndex, long lastIndex, int rowsWritten, int rowsSkipped,
                                 long commitTimeMillis, long durationNanos, long[] sampleAppendTimesMillis) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DbWriter.class);

    private final DbWriterConfig config;
    private final DataSource dataSource;
    private final JournalReader reader;
    private final StorageFlavour flavour;
    private final Clock clock;
    private final Consumer<BatchCommitted> listener;
    private final Dimensions dimensions = new Dimensions();
    private final PartitionMaintainer partitions = new PartitionMaintainer();
    private final RollupMaintainer rollups;
    private final BatchInserter inserter;

    private final Timer batchLatency;
    private final Counter vmRowsWritten;
    private final Counter hostRowsWritten;
    private final Counter retries;
    private final Counter inventoryApplied;
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);
    private final Set<SkipReason> loggedReasons = EnumSet.noneOf(SkipReason.class);

    private final StoredInstants stored = new StoredInstants();

    private volatile boolean running;
    private volatile long committedIndex = JournalReader.NONE;
    private Thread thread;
    private Connection connection;
    private boolean positioned;
    private long nextMaintenanceMillis;
    private long nextRollupMillis;
    private int failedAttempts;

    public DbWriter(DbWriterConfig config, DataSource dataSource, JournalReader reader, StorageFlavour flavour,
                    MeterRegistry registry, Clock clock, Consumer<BatchCommitted> listener) {
        this.config = config;
        this.dataSource = dataSource;
        this.reader = reader;
        this.flavour = flavour;
        this.clock = clock;
        this.listener = listener == null ? batch -> { } : listener;
        this.rollups = new RollupMaintainer(registry);
        this.inserter = new BatchInserter(config.copyFormat());
        this.batchLatency = Timer.builder(MetricNames.STORE_BATCH_LATENCY).publishPercentileHistogram()
                .description("DB writer batch, first statement to commit").register(registry);
        this.vmRowsWritten = Counter.builder(MetricNames.STORE_ROWS_WRITTEN).tag(MetricNames.TAG_TABLE, Relations.VM_SAMPLE)
                .description("Sample rows committed").register(registry);
        this.hostRowsWritten = Counter.builder(MetricNames.STORE_ROWS_WRITTEN).tag(MetricNames.TAG_TABLE, Relations.HOST_SAMPLE)
                .description("Sample rows committed").register(registry);
        this.retries = Counter.builder(MetricNames.STORE_WRITE_RETRIES)
                .description("DB writer batch attempts that failed and were retried").register(registry);
        this.inventoryApplied = Counter.builder(MetricNames.STORE_INVENTORY_APPLIED)
                .description("Inventory changes applied to dimension tables").register(registry);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, Counter.builder(MetricNames.STORE_ROWS_SKIPPED).tag(MetricNames.TAG_REASON, reason.tag())
                    .description("Samples skipped instead of stored").register(registry));
        }
    }

    /** Starts the writer on its own platform thread (it blocks on JDBC and parks while idle). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("DB writer already started");
        }
        running = true;
        // First rollup pass one interval after start: a restart under backlog drains samples first.
        nextRollupMillis = System.currentTimeMillis() + config.rollupInterval().toMillis();
        thread = Thread.ofPlatform().name("db-writer-" + config.readerName()).daemon(true).start(this::run);
    }

    /** Last journal index committed to the database, or {@link JournalReader#NONE}. */
    public long committedIndex() {
        return committedIndex;
    }

    /** Stops after the batch in flight (which commits or rolls back as a whole), waiting up to 30 s. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }

    private void run() {
        long backoffMillis = 100;
        List<JournalEntry> pending = null;
        while (running) {
            try {
                if (connection == null) {
                    connect();
                    pending = dropIfAlreadyCommitted(pending);
                }
                if (pending == null) {
                    pending = fillBatch();
                }
                if (!pending.isEmpty()) {
                    writeBatch(pending);
                }
                pending = null;
                if (failedAttempts > 0) {
                    LOG.info("db writer reader={} recovered after {} failed attempts; committed index={}",
                            config.readerName(), failedAttempts, Long.toHexString(committedIndex));
                    failedAttempts = 0;
                }
                backoffMillis = 100;
                maintain();
            } catch (SQLException | RuntimeException e) {
                retries.increment();
                if (failedAttempts++ == 0) {
                    LOG.warn("db writer reader={} batch failed, retrying with backoff up to {}: {}", config.readerName(),
                            config.maxBackoff(), e.toString());
                } else {
                    LOG.debug("db writer retry failed: {}", e.toString());
                }
                closeConnection();
                pause(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
            }
        }
    }

    private void connect() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            dimensions.load(c);
            partitions.reset();
            long watermark = JournalReader.NONE;
            try (PreparedStatement ps = c.prepareStatement("SELECT queue_index FROM " + Relations.JOURNAL_WATERMARK
                    + " WHERE reader = ?")) {
                ps.setString(1, config.readerName());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        watermark = rs.getLong(1);
                    }
                }
            }
            c.commit();
            committedIndex = watermark;
            if (!positioned) {
                reader.moveAfter(watermark);
                reader.acknowledge(watermark);
                positioned = true;
                LOG.info("db writer reader={} resuming after committed index={} dimensions={}", config.readerName(),
                        Long.toHexString(watermark), dimensions.size());
            }
            connection = c;
            nextMaintenanceMillis = 0;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already failing; the original error is what matters.
            }
            throw e;
        }
    }

    /** A commit whose acknowledgement was lost to a crash may have landed: the watermark says. */
    private List<JournalEntry> dropIfAlreadyCommitted(List<JournalEntry> pending) {
        if (pending != null && !pending.isEmpty() && committedIndex >= pending.getLast().index()) {
            LOG.info("db writer batch up to index={} was committed before the connection broke; not rewriting it",
                    Long.toHexString(pending.getLast().index()));
            reader.acknowledge(committedIndex);
            return null;
        }
        return pending;
    }

    private List<JournalEntry> fillBatch() {
        List<JournalEntry> batch = new ArrayList<>();
        long firstNanos = 0;
        long idleNanos = 200_000;
        while (running && batch.size() < config.maxBatchEntries()) {
            JournalEntry entry = reader.poll();
            if (entry != null) {
                if (batch.isEmpty()) {
                    firstNanos = System.nanoTime();
                }
                batch.add(entry);
                continue;
            }
            if (batch.isEmpty()) {
                if (System.currentTimeMillis() >= nextRollupMillis) {
                    return batch; // Idle: let the caller run maintenance.
                }
                LockSupport.parkNanos(idleNanos);
                idleNanos = Math.min(idleNanos * 2, 20_000_000);
            } else if (batch.size() >= config.maxBatchEntries() / 10
                    || System.nanoTime() - firstNanos >= config.maxBatchDelay().toNanos()) {
                // Caught up: a batch worth a commit goes now; a trickle waits up to the delay bound.
                break;
            } else {
                LockSupport.parkNanos(500_000);
            }
        }
        return batch;
    }

    private void writeBatch(List<JournalEntry> batch) throws SQLException {
        long started = System.nanoTime();
        long nowSeconds = clock.instant().getEpochSecond();
        long maxSecond = nowSeconds + config.maxFutureSkew().toSeconds();
        long minSecond = nowSeconds - config.maxSampleAge().toSeconds();
        if (flavour.daemonMaintainsPartitionsAndRollups()) {
            ensurePartitionsFor(batch, minSecond, maxSecond);
        }
        Path path = Path.COPY;
        while (true) {
            try {
                PreparedBatch prepared = PreparedBatch.prepare(batch, connection, dimensions, stored, minSecond, maxSecond);
                copyAndCommit(batch, prepared, path);
                afterCommit(batch, prepared, started);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                dimensions.rollback();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (path == Path.COPY && "23505".equals(state)) {
                    // A sample collides with one already stored (a VM reported twice across a restart):
                    // redo the batch with conflict-tolerant inserts.
                    path = Path.TOLERANT;
                    continue;
                }
                if (path != Path.ROW_BY_ROW && (state.startsWith("22") || state.startsWith("23"))) {
                    // A row passed validation but the database refuses it: isolate it rather than
                    // let it block the journal forever.
                    LOG.warn("db writer batch refused by the database ({}), retrying row by row: {}", state, e.getMessage());
                    path = Path.ROW_BY_ROW;
                    continue;
                }
                throw e;
            }
        }
    }

    private void ensurePartitionsFor(List<JournalEntry> batch, long minSecond, long maxSecond) throws SQLException {
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

    private void copyAndCommit(List<JournalEntry> batch, PreparedBatch p, Path path) throws SQLException {
        inserter.insert(connection, p, path);
        if (flavour.daemonMaintainsPartitionsAndRollups()) {
            RollupMaintainer.markMinutesDirty(connection, p.minutes);
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + Relations.JOURNAL_WATERMARK
                + " (reader, queue_index, updated_at) VALUES (?, ?, now())"
                + " ON CONFLICT (reader) DO UPDATE SET queue_index = excluded.queue_index, updated_at = excluded.updated_at")) {
            ps.setString(1, config.readerName());
            ps.setLong(2, batch.getLast().index());
            ps.executeUpdate();
        }
        connection.commit();
    }

    private void afterCommit(List<JournalEntry> batch, PreparedBatch p, long startedNanos) {
        dimensions.commit();
        long last = batch.getLast().index();
        committedIndex = last;
        reader.acknowledge(last);
        stored.record(p);
        vmRowsWritten.increment(p.vmWritten);
        hostRowsWritten.increment(p.hostWritten);
        inventoryApplied.increment(p.inventory);
        for (Map.Entry<SkipReason, Integer> skip : p.skips.entrySet()) {
            skipped.get(skip.getKey()).increment(skip.getValue());
            if (loggedReasons.add(skip.getKey())) {
                LOG.warn("db writer skipping samples reason={} example=[{}] (logged once per reason; see metric {})",
                        skip.getKey().tag(), p.examples.get(skip.getKey()), MetricNames.STORE_ROWS_SKIPPED);
            }
        }
        batchLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        listener.accept(new BatchCommitted(batch.getFirst().index(), last, p.vmWritten + p.hostWritten, p.skipped(),
                System.currentTimeMillis(), System.nanoTime() - startedNanos, Arrays.copyOf(p.appendTimes, p.samples)));
    }

    /** Partitions ahead and retention (hourly) and rollups (every rollupInterval), plain flavour only. */
    private void maintain() throws SQLException {
        if (!flavour.daemonMaintainsPartitionsAndRollups()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now >= nextMaintenanceMillis) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            partitions.ensureDays(connection, today, today.plusDays(config.partitionDaysAhead()));
            partitions.dropBefore(connection, today.minusDays(config.rawRetentionDays()));
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

    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running && System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
        }
    }

    private void rollbackQuietly() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; closing it discards the transaction.
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing to save on a broken connection.
            }
            connection = null;
        }
    }
}
