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
    private final java.util.concurrent.CountDownLatch caughtUp = new java.util.concurrent.CountDownLatch(1);
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

    /**
     * Waits until the replay reached the journal's end once, so the live state holds everything journaled before
     * (the collectors resume each host from its newest journaled sample). False when it did not within the limit.
     */
    public boolean awaitCaughtUp(Duration limit) throws InterruptedException {
        return caughtUp.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Waits, logging progress, until the replay reached the journal's end or {@code limit} passed; collection resumes
     * each host from the live state, so it must hold what the journal has before the collectors start.
     */
    public void awaitReplay(Duration limit) {
        try {
            for (long waited = 0; !awaitCaughtUp(REPLAY_PROGRESS); waited += REPLAY_PROGRESS.toSeconds()) {
                if (waited >= limit.toSeconds()) {
                    LOG.warn("event=live_state_replay_slow waitedSeconds={} hint=\"collection starts now; hosts resume "
                            + "from what was replayed so far\"", waited);
                    return;
                }
                LOG.info("event=live_state_replaying waitedSeconds={} appliedIndex={}",
                        waited + REPLAY_PROGRESS.toSeconds(), Long.toHexString(appliedIndex));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Duration REPLAY_PROGRESS = Duration.ofSeconds(10);

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
                caughtUp.countDown();
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
