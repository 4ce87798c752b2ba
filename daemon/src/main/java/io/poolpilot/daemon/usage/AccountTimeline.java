package io.poolpilot.daemon.usage;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The billing account of each VM over time, from the inventory: a change at time c applies to
 * samples ending at or after c. Before the first observation the first known account applies (the
 * daemon may backfill samples older than its first inventory read).
 */
final class AccountTimeline {

    /** A change of a VM's billing account; {@code account} null = none. */
    record Change(String vmUuid, long validFromSeconds, String account) {
    }

    private static final String NONE = "\u0000none";
    private final Map<String, TreeMap<Long, String>> byVm = new HashMap<>();

    /** Records the account observed at {@code timeSeconds}; returns the change, or null when nothing changed. */
    Change observe(String vmUuid, long timeSeconds, String account) {
        TreeMap<Long, String> history = byVm.computeIfAbsent(vmUuid, k -> new TreeMap<>());
        String value = account == null ? NONE : account;
        Map.Entry<Long, String> current = history.floorEntry(timeSeconds);
        if (current == null) {
            current = history.firstEntry();
        }
        if (current != null && Objects.equals(current.getValue(), value)) {
            return null;
        }
        history.put(timeSeconds, value);
        return new Change(vmUuid, timeSeconds, account);
    }

    /** Restores a change read back from storage. */
    void restore(Change change) {
        byVm.computeIfAbsent(change.vmUuid(), k -> new TreeMap<>())
                .put(change.validFromSeconds(), change.account() == null ? NONE : change.account());
    }

    /** The account a sample ending at {@code timeSeconds} is billed to (null = none or unknown VM). */
    String accountAt(String vmUuid, long timeSeconds) {
        TreeMap<Long, String> history = byVm.get(vmUuid);
        if (history == null || history.isEmpty()) {
            return null;
        }
        Map.Entry<Long, String> e = history.floorEntry(timeSeconds);
        String value = e == null ? history.firstEntry().getValue() : e.getValue();
        return NONE.equals(value) ? null : value;
    }
}
