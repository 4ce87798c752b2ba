package io.poolpilot.daemon.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.journal.JournalReader;
import io.poolpilot.daemon.store.BatchInserter.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    private final Clock clock;
    private final Consumer<BatchCommitted> listener;
    private final Dimensions dimensions = new Dimensions();
    private final StoreMaintenance maintenance;
    private final BatchInserter inserter;
    private final WriterMetrics metrics;
    private final StoredInstants stored = new StoredInstants();

    private volatile boolean running;
    private volatile long committedIndex = JournalReader.NONE;
    private Thread thread;
    private Connection connection;
    private boolean positioned;
    private int failedAttempts;

    public DbWriter(DbWriterConfig config, DataSource dataSource, JournalReader reader, StorageFlavour flavour,
                    MeterRegistry registry, Clock clock, Consumer<BatchCommitted> listener) {
        this.config = config;
        this.dataSource = dataSource;
        this.reader = reader;
        this.clock = clock;
        this.listener = listener == null ? batch -> { } : listener;
        this.maintenance = StoreMaintenance.of(flavour, config, registry, clock);
        this.inserter = new BatchInserter(config.copyFormat());
        this.metrics = new WriterMetrics(registry);
    }

    /** Starts the writer on its own platform thread (it blocks on JDBC and parks while idle). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("DB writer already started");
        }
        running = true;
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
                maintenance.run(connection);
            } catch (SQLException | RuntimeException e) {
                metrics.retried();
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
            maintenance.reset();
            long watermark = JournalWatermark.read(c, config.readerName());
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
                if (System.currentTimeMillis() >= maintenance.dueAtMillis()) {
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
        maintenance.beforeBatch(connection, batch, minSecond, maxSecond);
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

    private void copyAndCommit(List<JournalEntry> batch, PreparedBatch p, Path path) throws SQLException {
        inserter.insert(connection, p, path);
        maintenance.inTransaction(connection, p);
        JournalWatermark.write(connection, config.readerName(), batch.getLast().index());
        connection.commit();
    }

    private void afterCommit(List<JournalEntry> batch, PreparedBatch p, long startedNanos) {
        dimensions.commit();
        long last = batch.getLast().index();
        committedIndex = last;
        reader.acknowledge(last);
        stored.record(p);
        metrics.committed(p, System.nanoTime() - startedNanos);
        listener.accept(new BatchCommitted(batch.getFirst().index(), last, p.vmWritten + p.hostWritten, p.skipped(),
                System.currentTimeMillis(), System.nanoTime() - startedNanos, Arrays.copyOf(p.appendTimes, p.samples)));
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
