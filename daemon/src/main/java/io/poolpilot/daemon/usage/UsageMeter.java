package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.journal.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The usage meter: a named journal reader that turns VM samples into hourly usage records. Applies
 * entries to a {@link UsageLedger} and commits records, rollups, open hours and its journal index in
 * one transaction; after a crash or a failed commit it reloads that state and replays from the
 * committed index, so nothing is counted twice and nothing journaled is lost.
 */
public final class UsageMeter implements AutoCloseable {

    /** The journal reader name (also its row in journal_watermark). */
    public static final String READER_NAME = "usage-meter";

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

    private final UsageConfig config;
    private final JournalReader reader;
    private final UsageStore store;
    private final Clock clock;
    private final Map<UsageLedger.Outcome, Counter> samples = new EnumMap<>(UsageLedger.Outcome.class);
    private final Counter recordsWritten;
    private final Counter commitFailures;
    private final AtomicLong committedIndex = new AtomicLong(JournalReader.NONE);
    private final AtomicLong committedAtMillis = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private UsageLedger ledger;

    public UsageMeter(UsageConfig config, DataSource dataSource, JournalReader reader, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.reader = reader;
        this.store = new UsageStore(dataSource, reader.name());
        this.clock = clock;
        for (UsageLedger.Outcome outcome : UsageLedger.Outcome.values()) {
            samples.put(outcome, Counter.builder(MetricNames.USAGE_SAMPLES)
                    .tag(MetricNames.TAG_OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .description("VM samples the usage meter handled, by outcome").register(registry));
        }
        recordsWritten = Counter.builder(MetricNames.USAGE_RECORDS).description("Usage records written (hours and adjustments)")
                .register(registry);
        commitFailures = Counter.builder(MetricNames.USAGE_COMMIT_FAILURES)
                .description("Usage meter commits that failed and were replayed").register(registry);
        Gauge.builder(MetricNames.USAGE_OPEN_HOURS, this, m -> m.ledger == null ? 0 : m.ledger.openHours())
                .description("VM hours the usage meter holds open").register(registry);
    }

    /** Loads state and starts the meter thread. */
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("usage-meter").daemon(true).start(this::run);
    }

    /** Journal index of the last commit ({@link JournalReader#NONE} before the first). */
    public long committedIndex() {
        return committedIndex.get();
    }

    private void run() {
        long backoffMillis = 200;
        while (running) {
            try {
                recover();
                backoffMillis = 200;
                loop();
            } catch (SQLException | RuntimeException e) {
                commitFailures.increment();
                log.warn("event=usage_meter_failed committedIndex={} error=\"{}\" retryMillis={}",
                        Long.toHexString(committedIndex.get()), e.toString(), backoffMillis);
                LockSupport.parkNanos(Duration.ofMillis(backoffMillis).toNanos());
                backoffMillis = Math.min(10_000, backoffMillis * 2);
            }
        }
    }

    /** Rebuilds the ledger from storage and positions the reader after the committed index. */
    private void recover() throws SQLException {
        long index = store.committedIndex();
        ledger = store.load(config);
        reader.moveAfter(index);
        committedIndex.set(index);
        committedAtMillis.set(System.currentTimeMillis());
        log.info("event=usage_meter_resumed index={} openHours={}", Long.toHexString(index), ledger.openHours());
    }

    private void loop() throws SQLException {
        long lastIndex = committedIndex.get();
        int applied = 0;
        long lastFlushNanos = System.nanoTime();
        long flushNanos = config.flushInterval().toNanos();
        while (running) {
            JournalEntry entry = reader.poll();
            if (entry != null) {
                UsageLedger.Outcome outcome = ledger.apply(entry.observation());
                if (outcome != null) {
                    samples.get(outcome).increment();
                }
                lastIndex = entry.index();
                applied++;
            }
            boolean due = System.nanoTime() - lastFlushNanos >= flushNanos;
            if (applied >= config.maxBatchEntries() || due) {
                Instant now = clock.instant();
                ledger.closeDue(now);
                UsageLedger.Changes changes = ledger.changes();
                if (!changes.isEmpty() || lastIndex != committedIndex.get()) {
                    List<UsageRecord> written = store.commit(changes, lastIndex, now,
                            now.minus(config.closedStateRetention()));
                    ledger.committed();
                    reader.acknowledge(lastIndex);
                    committedIndex.set(lastIndex);
                    recordsWritten.increment(written.size());
                    if (!written.isEmpty()) {
                        log.info("event=usage_records_written count={} index={}", written.size(), Long.toHexString(lastIndex));
                    }
                }
                applied = 0;
                lastFlushNanos = System.nanoTime();
            }
            if (entry == null) {
                LockSupport.parkNanos(Math.min(flushNanos, 50_000_000L));
            }
        }
    }

    /** Stops the thread; what is not committed is replayed from the journal on the next start. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reader.close();
    }
}
