package io.poolpilot.simulator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Server-side time to answer rrd_updates (request seen to response written), for the bench; bounded. */
public final class ServiceTimes {
    private static final int MAX_KEPT = 200_000;
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void record(long elapsedNanos) {
        if (size.incrementAndGet() <= MAX_KEPT) {
            nanos.add(elapsedNanos);
        } else {
            size.decrementAndGet();
        }
    }

    /** Takes and clears what was recorded so far. */
    public List<Long> drain() {
        List<Long> out = new ArrayList<>();
        Long v;
        while ((v = nanos.poll()) != null) {
            out.add(v);
            size.decrementAndGet();
        }
        return out;
    }
}
