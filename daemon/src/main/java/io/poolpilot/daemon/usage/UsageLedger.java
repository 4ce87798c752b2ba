package io.poolpilot.daemon.usage;

import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.Observation;
import io.poolpilot.daemon.model.VmSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The meter's arithmetic, free of I/O: integrates samples into per-VM hour accumulators, drops
 * instants already counted, closes hours once their pool's samples are a lateness window past the
 * hour's end, and turns data for closed hours into adjustments. The runner ({@link UsageMeter})
 * feeds it journal entries and persists {@link #changes()} in one transaction.
 */
final class UsageLedger {

    /** Reads the instants counted in a closed hour back from storage (null when not kept). */
    interface ClosedHours {
        HourAccumulator seen(VmHour hour);
    }

    /** Everything to persist since the last commit. */
    record Changes(List<HourAccumulator> open, List<HourAccumulator> closed, List<HourAccumulator> adjustments,
                   List<HourAccumulator> closedSeen, List<AccountTimeline.Change> accountChanges) {
        boolean isEmpty() {
            return open.isEmpty() && closed.isEmpty() && adjustments.isEmpty() && accountChanges.isEmpty();
        }
    }

    /** What happened to one sample. */
    enum Outcome { COUNTED, DUPLICATE, LATE, LATE_UNVERIFIED }

    private final UsageConfig config;
    private final ClosedHours closedHours;
    private final AccountTimeline accounts = new AccountTimeline();
    private final Map<VmHour, HourAccumulator> open = new HashMap<>();
    private final Set<VmHour> dirty = new LinkedHashSet<>();
    private final Map<VmHour, HourAccumulator> closedSeen = new HashMap<>();
    private final Map<VmHour, HourAccumulator> adjustments = new LinkedHashMap<>();
    private final List<HourAccumulator> closedNow = new ArrayList<>();
    private final List<AccountTimeline.Change> accountChanges = new ArrayList<>();
    /** Per pool: newest sample instant seen. */
    private final Map<String, Long> poolWatermark = new HashMap<>();
    /** Per pool: every hour ending at or before this instant is closed. */
    private final Map<String, Long> poolClosedThrough = new HashMap<>();

    UsageLedger(UsageConfig config, ClosedHours closedHours) {
        this.config = config;
        this.closedHours = closedHours;
    }

    // ---- restore ---------------------------------------------------------------------------

    void restoreOpen(HourAccumulator acc) {
        open.put(acc.key(), acc);
        poolWatermark.merge(acc.poolUuid(), acc.newestSeenSeconds(), Math::max);
    }

    void restoreClosedThrough(String poolUuid, long hourEndSeconds) {
        poolClosedThrough.merge(poolUuid, hourEndSeconds, Math::max);
        poolWatermark.merge(poolUuid, hourEndSeconds, Math::max);
    }

    void restoreAccount(AccountTimeline.Change change) {
        accounts.restore(change);
    }

    // ---- input -----------------------------------------------------------------------------

    /** Applies one journal observation; samples other than VM samples and other inventory are ignored. */
    Outcome apply(Observation observation) {
        switch (observation) {
            case VmSample sample -> {
                return apply(sample);
            }
            case InventoryChange.VmSeen seen -> {
                AccountTimeline.Change change = accounts.observe(seen.vmUuid(), Math.floorDiv(seen.timeMillis(), 1000),
                        seen.billingAccount());
                if (change != null) {
                    accountChanges.add(change);
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    Outcome apply(VmSample sample) {
        long t = sample.timeSeconds();
        String vm = sample.vmUuid();
        VmHour owner = new VmHour(vm, VmHour.owningHour(t));
        Outcome outcome;
        HourAccumulator ownerAcc = open.get(owner);
        if (ownerAcc == null && isClosed(sample.poolUuid(), owner)) {
            HourAccumulator seen = closedSeen(owner);
            HourAccumulator adjustment = adjustments.computeIfAbsent(owner, k -> new HourAccumulator(k, sample.poolUuid()));
            if ((seen != null && seen.wasSeen(t)) || !adjustment.markSeen(t)) {
                if (adjustment.isEmpty()) {
                    adjustments.remove(owner);
                }
                return Outcome.DUPLICATE;
            }
            outcome = seen == null ? Outcome.LATE_UNVERIFIED : Outcome.LATE;
        } else {
            if (ownerAcc == null) {
                ownerAcc = new HourAccumulator(owner, sample.poolUuid());
                open.put(owner, ownerAcc);
            }
            if (!ownerAcc.markSeen(t)) {
                return Outcome.DUPLICATE;
            }
            outcome = Outcome.COUNTED;
        }
        poolWatermark.merge(sample.poolUuid(), t, Math::max);
        String account = accounts.accountAt(vm, t);
        long lower = t - sample.stepSeconds();
        // A step that straddles an hour boundary is split in proportion to the seconds on each side.
        for (long h = Math.floorDiv(lower, VmHour.HOUR_SECONDS) * VmHour.HOUR_SECONDS; h < t; h += VmHour.HOUR_SECONDS) {
            long overlap = Math.min(t, h + VmHour.HOUR_SECONDS) - Math.max(lower, h);
            if (overlap <= 0) {
                continue;
            }
            target(new VmHour(vm, h), sample.poolUuid()).add(account, UsageAmounts.of(sample, overlap));
        }
        return outcome;
    }

    private HourAccumulator target(VmHour hour, String poolUuid) {
        HourAccumulator acc = open.get(hour);
        if (acc != null) {
            dirty.add(hour);
            return acc;
        }
        if (isClosed(poolUuid, hour)) {
            return adjustments.computeIfAbsent(hour, k -> new HourAccumulator(k, poolUuid));
        }
        acc = new HourAccumulator(hour, poolUuid);
        open.put(hour, acc);
        dirty.add(hour);
        return acc;
    }

    private boolean isClosed(String poolUuid, VmHour hour) {
        return hour.hourEndSeconds() <= poolClosedThrough.getOrDefault(poolUuid, Long.MIN_VALUE);
    }

    private HourAccumulator closedSeen(VmHour hour) {
        HourAccumulator seen = closedSeen.get(hour);
        if (seen == null) {
            seen = closedHours.seen(hour);
            if (seen != null) {
                closedSeen.put(hour, seen);
            }
        }
        return seen;
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Closes every open hour whose pool has samples a lateness window past the hour's end, or whose end
     * plus lateness plus the wall-clock grace has passed on {@code now}.
     */
    void closeDue(Instant now) {
        long byClock = now.getEpochSecond() - config.lateness().toSeconds() - config.wallClockGrace().toSeconds();
        for (Map.Entry<String, Long> pool : poolWatermark.entrySet()) {
            long bySamples = pool.getValue() - config.lateness().toSeconds();
            long through = Math.floorDiv(Math.max(bySamples, byClock), VmHour.HOUR_SECONDS) * VmHour.HOUR_SECONDS;
            poolClosedThrough.merge(pool.getKey(), through, Math::max);
        }
        Iterator<HourAccumulator> it = open.values().iterator();
        while (it.hasNext()) {
            HourAccumulator acc = it.next();
            long through = poolClosedThrough.getOrDefault(acc.poolUuid(), Long.MIN_VALUE);
            if (acc.key().hourEndSeconds() <= through) {
                it.remove();
                dirty.remove(acc.key());
                closedNow.add(acc);
                closedSeen.put(acc.key(), acc.seenOnly());
            }
        }
    }

    // ---- output ----------------------------------------------------------------------------

    /** What changed since the last {@link #committed()}: persist all of it in one transaction. */
    Changes changes() {
        List<HourAccumulator> openChanged = new ArrayList<>(dirty.size());
        for (VmHour hour : dirty) {
            openChanged.add(open.get(hour));
        }
        List<HourAccumulator> seenUpdates = new ArrayList<>(adjustments.size());
        for (HourAccumulator adjustment : adjustments.values()) {
            HourAccumulator seen = closedSeen.get(adjustment.key());
            HourAccumulator merged = seen == null ? adjustment.seenOnly() : seen.seenOnly();
            merged.mergeSeen(adjustment);
            seenUpdates.add(merged);
        }
        return new Changes(openChanged, List.copyOf(closedNow), List.copyOf(adjustments.values()), seenUpdates,
                List.copyOf(accountChanges));
    }

    /** The last {@link #changes()} are durable: forget them (closed hours keep only their counted instants). */
    void committed() {
        for (HourAccumulator adjustment : adjustments.values()) {
            HourAccumulator seen = closedSeen.get(adjustment.key());
            if (seen == null) {
                closedSeen.put(adjustment.key(), adjustment.seenOnly());
            } else {
                seen.mergeSeen(adjustment);
            }
        }
        dirty.clear();
        closedNow.clear();
        adjustments.clear();
        accountChanges.clear();
        if (closedSeen.size() > 200_000) {
            // A cache only: storage has them all, so dropping it costs a read per late sample.
            closedSeen.clear();
        }
    }

    int openHours() {
        return open.size();
    }

    /** Current totals of an open hour (tests and live views), or null. */
    UsageAmounts openTotal(VmHour hour) {
        HourAccumulator acc = open.get(hour);
        return acc == null ? null : acc.total();
    }
}
