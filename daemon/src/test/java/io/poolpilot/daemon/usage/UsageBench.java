package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.model.VmSample;

/** Entry for the usage benchmark (bench/, through this module's test-jar) into the meter's package-private ledger and store. */
public final class UsageBench {

    private UsageBench() {
    }

    /** A ledger with default settings and no stored closed hours. */
    public static Ledger newLedger() {
        UsageLedger ledger = new UsageLedger(UsageConfig.defaults(), hour -> null);
        return ledger::apply;
    }

    /**
     * Meters one full hour of 5 s samples for {@code vms} VMs, then closes it and commits the records,
     * rollups and closed state in one transaction, as the meter does. Returns the commit's seconds.
     */
    public static double closeOneHour(javax.sql.DataSource dataSource, int vms, long hourStartSeconds) throws Exception {
        UsageConfig config = UsageConfig.defaults();
        UsageLedger ledger = new UsageLedger(config, hour -> null);
        for (long t = hourStartSeconds + 5; t <= hourStartSeconds + 3600 + config.lateness().toSeconds(); t += 5) {
            for (int vm = 0; vm < vms; vm++) {
                ledger.apply(new VmSample("pool-bench", "host-" + (vm % 100), "close-vm-" + vm, t, 5, 4, 1.5,
                        8.0 * (1L << 30), 2.0 * (1L << 30), 8.0 * (1L << 30), 1e6, 5e5, 2e6, 1e6));
            }
        }
        ledger.closeDue(java.time.Instant.ofEpochSecond(hourStartSeconds));
        UsageLedger.Changes changes = ledger.changes();
        if (changes.closed().size() != vms) {
            throw new IllegalStateException("expected " + vms + " closed hours, got " + changes.closed().size());
        }
        UsageStore store = new UsageStore(dataSource, "usage-bench");
        long t0 = System.nanoTime();
        store.commit(changes, 1, java.time.Instant.ofEpochSecond(hourStartSeconds + 7200),
                java.time.Instant.ofEpochSecond(hourStartSeconds - 86_400));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Accepts samples (the benchmark's view of the ledger). */
    @FunctionalInterface
    public interface Ledger {
        Object accept(VmSample sample);
    }
}
