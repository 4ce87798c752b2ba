package io.poolpilot.daemon.live;

import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.journal.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds {@link LiveState} from its own journal reader on a dedicated thread. Live state is memory
 * only, so on start it replays the journal from one window before now rather than from its last
 * position, and it acknowledges as it goes so that it never holds retention back.
 */
public final class LiveStateFeeder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStateFeeder.class);

    private final JournalReader reader;
    private final LiveState state;
    private final Clock clock;
    private final Duration window;
    private volatile boolean running;
    private volatile long appliedIndex = JournalReader.NONE;
    private Thread thread;

    public LiveStateFeeder(JournalReader reader, LiveState state, Duration window, Clock clock) {
        this.reader = reader;
        this.state = state;
        this.window = window;
        this.clock = clock;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("live state feeder already started");
        }
        long from = clock.millis() - window.toMillis();
        reader.moveToAppendTime(from);
        LOG.info("live state replaying journal from appendTime={} window={}", from, window);
        running = true;
        thread = Thread.ofPlatform().name("live-state").daemon(true).start(this::run);
    }

    /** Index of the last journal entry applied (for tests and diagnostics). */
    public long appliedIndex() {
        return appliedIndex;
    }

    private void run() {
        long idleNanos = 100_000;
        long nextEvictMillis = 0;
        int sinceAck = 0;
        while (running) {
            JournalEntry entry = reader.poll();
            if (entry == null) {
                if (sinceAck > 0) {
                    reader.acknowledge(appliedIndex);
                    sinceAck = 0;
                }
                if (clock.millis() >= nextEvictMillis) {
                    state.evictIdle(clock.instant().getEpochSecond());
                    nextEvictMillis = clock.millis() + 60_000;
                }
                LockSupport.parkNanos(idleNanos);
                idleNanos = Math.min(idleNanos * 2, 10_000_000);
                continue;
            }
            idleNanos = 100_000;
            try {
                state.accept(entry.observation());
            } catch (RuntimeException e) {
                LOG.warn("live state could not apply entry index={}: {}", Long.toHexString(entry.index()), e.toString());
            }
            appliedIndex = entry.index();
            if (++sinceAck >= 1_000) {
                reader.acknowledge(appliedIndex);
                sinceAck = 0;
            }
        }
    }

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
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
