package io.poolpilot.simulator.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The call-level faults in force (rates, delays, garbling, drops), read by the servers on every request. */
public final class FaultState {
    private static final String ANY_HOST = "*";
    private volatile double migrationFailureRate;
    private final List<Fault.SlowCalls> slowCalls = new CopyOnWriteArrayList<>();
    private final Map<String, Fault.GarbledRrd> garbled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    private final Random random;

    public FaultState(long seed) {
        this.random = new Random(seed);
    }

    public void migrationFailureRate(double rate) {
        migrationFailureRate = rate;
    }

    public double migrationFailureRate() {
        return migrationFailureRate;
    }

    /** Draws whether the migration ending now fails (seeded, so a run is reproducible). */
    public synchronized boolean drawMigrationFailure() {
        double rate = migrationFailureRate;
        return rate > 0 && random.nextDouble() < rate;
    }

    public void addSlowCalls(Fault.SlowCalls fault) {
        slowCalls.add(fault);
    }

    /** The slow-call fault that applies to a method, if any (the last one added wins). */
    public Optional<Fault.SlowCalls> slowCallFor(String method) {
        for (int i = slowCalls.size() - 1; i >= 0; i--) {
            Fault.SlowCalls f = slowCalls.get(i);
            if (f.matches(method)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public void garble(Fault.GarbledRrd fault) {
        garbled.put(fault.host() == null ? ANY_HOST : fault.host(), fault);
    }

    public Optional<Fault.GarbledRrd> garbledFor(String hostName) {
        Fault.GarbledRrd f = garbled.get(hostName);
        return Optional.ofNullable(f != null ? f : garbled.get(ANY_HOST));
    }

    public void dropConnections(String host, int count) {
        drops.computeIfAbsent(host == null ? ANY_HOST : host, h -> new AtomicInteger()).addAndGet(count);
    }

    /** Whether this request to {@code hostName} should lose its connection (consumes one drop). */
    public boolean takeDrop(String hostName) {
        return take(drops.get(hostName)) || take(drops.get(ANY_HOST));
    }

    public void busyCalls(Fault.BusyCalls fault) {
        busy.computeIfAbsent(fault.method(), m -> new AtomicInteger()).addAndGet(fault.count());
    }

    /** Whether this call should be refused as busy (consumes one). */
    public boolean takeBusy(String method) {
        String plain = method.startsWith("Async.") ? method.substring("Async.".length()) : method;
        return take(busy.get(plain));
    }

    /** Busy answers still to give for a method. */
    public int pendingBusy(String method) {
        AtomicInteger n = busy.get(method);
        return n == null ? 0 : n.get();
    }

    private static boolean take(AtomicInteger counter) {
        if (counter == null) {
            return false;
        }
        int n;
        do {
            n = counter.get();
            if (n <= 0) {
                return false;
            }
        } while (!counter.compareAndSet(n, n - 1));
        return true;
    }

    public void clear() {
        migrationFailureRate = 0;
        slowCalls.clear();
        garbled.clear();
        drops.clear();
        busy.clear();
    }

    /** What is in force, for GET /state. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("migrationFailureRate", migrationFailureRate);
        out.put("slowCalls", List.copyOf(slowCalls));
        out.put("garbledRrd", Map.copyOf(garbled));
        Map<String, Integer> pending = new LinkedHashMap<>();
        drops.forEach((k, v) -> pending.put(k, v.get()));
        out.put("pendingDrops", pending);
        Map<String, Integer> pendingBusy = new LinkedHashMap<>();
        busy.forEach((k, v) -> pendingBusy.put(k, v.get()));
        out.put("pendingBusy", pendingBusy);
        return out;
    }
}
