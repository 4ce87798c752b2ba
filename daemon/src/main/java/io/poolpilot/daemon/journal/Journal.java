package io.poolpilot.daemon.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolpilot.daemon.metrics.MetricNames;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.VmSample;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one owner of the Chronicle Queue plumbing: opens the queue, funnels every append through a
 * single appender, hands out named readers, publishes backlog gauges and applies retention.
 */
public final class Journal implements JournalWriter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String ACK_PREFIX = "poolpilot.ack.";

    private final JournalConfig config;
    private final SingleChronicleQueue queue;
    private final MeterRegistry registry;
    /** Chronicle appenders are single-threaded; a lock (not synchronized) keeps virtual threads unpinned. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ExcerptAppender appender;
    private final Map<String, Reader> readers = new ConcurrentHashMap<>();
    private final Counter vmSamplesAppended;
    private final Counter hostSamplesAppended;
    private final Counter inventoryAppended;
    private final Counter cyclesDeleted;

    private Journal(JournalConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.queue = ChronicleQueue.singleBuilder(config.directory())
                .rollCycle(config.rollCycle())
                .timeProvider(config.timeProvider())
                .build();
        this.appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        this.vmSamplesAppended = appendedCounter("vm_sample");
        this.hostSamplesAppended = appendedCounter("host_sample");
        this.inventoryAppended = appendedCounter("inventory");
        this.cyclesDeleted = Counter.builder(MetricNames.JOURNAL_CYCLES_DELETED)
                .description("Journal cycle files deleted by retention").register(registry);
        LOG.info("journal opened dir={} rollCycle={} retention={} lastIndex={}", config.directory(),
                config.rollCycle(), config.retention(), Long.toHexString(queue.lastIndex()));
    }

    /** Opens (or creates) the journal in {@code config.directory()}. */
    public static Journal open(JournalConfig config, MeterRegistry registry) {
        return new Journal(config, registry);
    }

    private Counter appendedCounter(String kind) {
        return Counter.builder(MetricNames.JOURNAL_APPENDED).tag(MetricNames.TAG_KIND, kind)
                .description("Observations appended to the journal").register(registry);
    }

    @Override
    public long append(Observation observation) {
        appendLock.lock();
        try {
            return appendLocked(observation);
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public long appendAll(List<? extends Observation> observations) {
        long last = JournalReader.NONE;
        appendLock.lock();
        try {
            for (Observation observation : observations) {
                last = appendLocked(observation);
            }
        } finally {
            appendLock.unlock();
        }
        return last;
    }

    private long appendLocked(Observation observation) {
        long index;
        try (DocumentContext dc = appender.writingDocument()) {
            JournalCodec.write(dc.wire().bytes(), config.timeProvider().currentTimeMillis(), observation);
            index = dc.index();
        }
        switch (observation) {
            case VmSample ignored -> vmSamplesAppended.increment();
            case HostSample ignored -> hostSamplesAppended.increment();
            default -> inventoryAppended.increment();
        }
        return index;
    }

    /**
     * Opens (and registers for retention) the reader with this name, positioned after its last
     * acknowledged entry. One instance per name; each instance is for one thread at a time.
     */
    public JournalReader reader(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,40}")) {
            throw new IllegalArgumentException("reader name must match [a-z][a-z0-9_-]{0,40}, got '" + name + "'");
        }
        Reader reader = new Reader(name);
        if (readers.putIfAbsent(name, reader) != null) {
            reader.tailer.close();
            throw new IllegalStateException("journal reader '" + name + "' is already open");
        }
        reader.backlogGauge = Gauge.builder(MetricNames.JOURNAL_BACKLOG, reader, Reader::backlog)
                .tag(MetricNames.TAG_READER, name)
                .description("Journal entries appended but not yet acknowledged by the reader")
                .register(registry);
        return reader;
    }

    /** Index of the last appended entry, or {@link JournalReader#NONE} for an empty journal. */
    public long lastIndex() {
        long last = queue.lastIndex();
        return last < 0 ? JournalReader.NONE : last;
    }

    /**
     * Deletes cycle files that ended longer ago than the retention AND that every registered reader
     * has acknowledged past. A reader that never acknowledged anything keeps everything.
     *
     * @return the number of cycle files deleted
     */
    public int applyRetention() {
        RollCycle rollCycle = config.rollCycle();
        int currentCycle = queue.cycle();
        int oldestNeededCycle = currentCycle;
        for (Reader reader : readers.values()) {
            long ack = reader.acknowledgedIndex();
            if (ack == JournalReader.NONE) {
                return 0;
            }
            oldestNeededCycle = Math.min(oldestNeededCycle, rollCycle.toCycle(ack));
        }
        long nowMillis = config.timeProvider().currentTimeMillis();
        long cutoffMillis = nowMillis - config.retention().toMillis();
        long cycleMillis = rollCycle.lengthInMillis();
        int firstCycle = queue.firstCycle();
        if (firstCycle == Integer.MAX_VALUE || firstCycle >= oldestNeededCycle) {
            return 0;
        }
        DateTimeFormatter fileName = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        NavigableSet<Long> cycles = queue.listCyclesBetween(firstCycle, oldestNeededCycle - 1);
        int deleted = 0;
        for (long cycle : cycles) {
            long cycleEndMillis = (cycle + 1) * cycleMillis + rollCycle.defaultEpoch();
            if (cycle >= oldestNeededCycle || cycleEndMillis > cutoffMillis) {
                continue;
            }
            String name = fileName.format(Instant.ofEpochMilli(cycle * cycleMillis + rollCycle.defaultEpoch()));
            File file = new File(queue.file(), name + SingleChronicleQueue.SUFFIX);
            if (file.delete()) {
                deleted++;
                LOG.info("journal retention deleted cycle={} file={}", cycle, file.getName());
            } else if (file.exists()) {
                LOG.warn("journal retention could not delete cycle={} file={}", cycle, file);
            }
        }
        if (deleted > 0) {
            cyclesDeleted.increment(deleted);
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    @Override
    public void close() {
        for (Reader reader : readers.values()) {
            reader.close();
        }
        appendLock.lock();
        try {
            appender.close();
            queue.close();
        } finally {
            appendLock.unlock();
        }
    }

    /** A named reader: an unnamed Chronicle tailer plus an acknowledged index kept in queue metadata. */
    private final class Reader implements JournalReader {

        private final String name;
        private final ExcerptTailer tailer;
        private final LongValue acknowledged;
        private final Counter undecodable;
        private final JournalCodec.IdCache ids = new JournalCodec.IdCache();
        private volatile boolean closed;
        private Gauge backlogGauge;

        Reader(String name) {
            this.name = name;
            this.tailer = queue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
            this.acknowledged = queue.indexForId(ACK_PREFIX + name);
            this.undecodable = Counter.builder(MetricNames.JOURNAL_UNDECODABLE).tag(MetricNames.TAG_READER, name)
                    .description("Journal entries a reader could not decode and skipped").register(registry);
            moveAfter(acknowledgedIndex());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JournalEntry poll() {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return null;
                    }
                    if (dc.isMetaData()) {
                        continue;
                    }
                    long index = dc.index();
                    Bytes<?> bytes = dc.wire().bytes();
                    try {
                        return JournalCodec.read(bytes, index, ids);
                    } catch (RuntimeException e) {
                        // A bad entry must not stop the reader: count it, say where it is, move on.
                        undecodable.increment();
                        LOG.warn("journal reader={} skipped undecodable entry index={} cause={}", name,
                                Long.toHexString(index), e.toString());
                    }
                }
            }
        }

        @Override
        public void acknowledge(long index) {
            acknowledged.setOrderedValue(index);
        }

        @Override
        public long acknowledgedIndex() {
            long value = acknowledged.getVolatileValue();
            return value <= 0 ? NONE : value;
        }

        @Override
        public void moveAfter(long index) {
            if (index == NONE) {
                tailer.toStart();
                return;
            }
            if (!tailer.moveToIndex(index)) {
                // The entry is gone (retention) or not yet written: the closest safe place is the start.
                LOG.warn("journal reader={} cannot find index={}, starting from the first entry", name,
                        Long.toHexString(index));
                tailer.toStart();
                return;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                // Consumes the entry at index itself, so the next poll returns the one after it.
                if (!dc.isPresent()) {
                    LOG.warn("journal reader={} index={} not present", name, Long.toHexString(index));
                }
            }
        }

        @Override
        public void moveToAppendTime(long epochMillis) {
            RollCycle rollCycle = config.rollCycle();
            int firstCycle = queue.firstCycle();
            int lastCycle = queue.lastCycle();
            int wanted = (int) Math.floorDiv(epochMillis - rollCycle.defaultEpoch(), (long) rollCycle.lengthInMillis());
            if (firstCycle == Integer.MAX_VALUE || wanted < firstCycle) {
                tailer.toStart();
                return;
            }
            if (wanted > lastCycle) {
                tailer.toEnd();
                return;
            }
            NavigableSet<Long> cycles = queue.listCyclesBetween(wanted, lastCycle);
            if (cycles.isEmpty()) {
                tailer.toEnd();
                return;
            }
            int cycle = cycles.first().intValue();
            long low = 0;
            long high = tailer.excerptsInCycle(cycle);
            // Append times are monotonic within a cycle: binary search for the first one >= epochMillis.
            while (low < high) {
                long mid = (low + high) >>> 1;
                if (appendTimeAt(rollCycle.toIndex(cycle, mid)) < epochMillis) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            if (!tailer.moveToIndex(rollCycle.toIndex(cycle, low))) {
                // Past the end of this cycle: the next cycle starts after epochMillis anyway.
                Long next = cycles.higher((long) cycle);
                if (next == null || !tailer.moveToIndex(rollCycle.toIndex(next.intValue(), 0))) {
                    tailer.toEnd();
                }
            }
        }

        private long appendTimeAt(long index) {
            if (!tailer.moveToIndex(index)) {
                return Long.MAX_VALUE;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? JournalCodec.readAppendTime(dc.wire().bytes()) : Long.MAX_VALUE;
            }
        }

        @Override
        public long backlog() {
            if (closed) {
                return 0;
            }
            long last = queue.lastIndex();
            if (last < 0) {
                return 0;
            }
            long ack = acknowledgedIndex();
            try {
                if (ack == NONE) {
                    long first = queue.firstIndex();
                    return first == Long.MAX_VALUE ? 0 : queue.countExcerpts(first, last) + 1;
                }
                return ack >= last ? 0 : queue.countExcerpts(ack, last);
            } catch (RuntimeException e) {
                LOG.debug("journal backlog for reader={} not computable: {}", name, e.toString());
                return -1;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                readers.remove(name, this);
                if (backlogGauge != null) {
                    registry.remove(backlogGauge);
                }
                tailer.close();
            }
        }
    }
}
