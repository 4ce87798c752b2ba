package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.model.VmSample;

/** Entry for the usage benchmark to drive the meter's arithmetic without storage. */
public final class UsageBench {

    private UsageBench() {
    }

    /** A ledger with default settings and no stored closed hours. */
    public static Ledger newLedger() {
        UsageLedger ledger = new UsageLedger(UsageConfig.defaults(), hour -> null);
        return ledger::apply;
    }

    /** Accepts samples (the benchmark's view of the ledger). */
    @FunctionalInterface
    public interface Ledger {
        Object accept(VmSample sample);
    }
}
