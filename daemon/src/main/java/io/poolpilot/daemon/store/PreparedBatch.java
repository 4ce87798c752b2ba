package io.poolpilot.daemon.store;

import io.poolpilot.daemon.journal.JournalEntry;
import io.poolpilot.daemon.model.HostSample;
import io.poolpilot.daemon.model.InventoryChange;
import io.poolpilot.daemon.model.Sample;
import io.poolpilot.daemon.model.VmSample;
import io.poolpilot.daemon.store.SampleRows.HostRow;
import io.poolpilot.daemon.store.SampleRows.VmRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One journal batch made ready for the database: sample rows with interned ids (deduplicated on
 * the row key), the samples skipped and why, the minutes touched, and the rows finally written.
 */
final class PreparedBatch {

    private static final Comparator<VmRow> VM_ORDER =
            Comparator.comparingInt(VmRow::vmId).thenComparingLong(r -> r.sample().timeSeconds());
    private static final Comparator<HostRow> HOST_ORDER =
            Comparator.comparingInt(HostRow::hostId).thenComparingLong(r -> r.sample().timeSeconds());

    final List<VmRow> vmRows = new ArrayList<>();
    final List<HostRow> hostRows = new ArrayList<>();
    final Map<SkipReason, Integer> skips = new EnumMap<>(SkipReason.class);
    final Map<SkipReason, String> examples = new EnumMap<>(SkipReason.class);
    final TreeSet<Long> minutes = new TreeSet<>();
    long lastMinute = Long.MIN_VALUE;
    long[] appendTimes = new long[64];
    int samples;
    int inventory;
    int vmWritten;
    int hostWritten;
    boolean mayHaveDuplicates;

    /** Samples arrive grouped by instant, so only a change of minute touches the set. */
    void touchMinute(long timeSeconds) {
        long minute = timeSeconds - Math.floorMod(timeSeconds, 60L);
        if (minute != lastMinute) {
            minutes.add(minute);
            lastMinute = minute;
        }
    }

    void skip(SkipReason reason, String example) {
        skips.merge(reason, 1, Integer::sum);
        examples.putIfAbsent(reason, example);
    }

    void sampleAppended(long appendMillis) {
        if (samples == appendTimes.length) {
            appendTimes = Arrays.copyOf(appendTimes, samples * 2);
        }
        appendTimes[samples++] = appendMillis;
    }

    int skipped() {
        return skips.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Applies the batch's inventory changes (inside the caller's transaction), then validates and
     * resolves its samples against the interned ids.
     */
    static PreparedBatch prepare(List<JournalEntry> batch, Connection connection, Dimensions dimensions,
                                 StoredInstants stored, long minSecond, long maxSecond) throws SQLException {
        PreparedBatch p = new PreparedBatch();
        for (JournalEntry entry : batch) {
            switch (entry.observation()) {
                case InventoryChange change -> {
                    dimensions.apply(connection, change);
                    p.inventory++;
                }
                case VmSample s -> {
                    p.sampleAppended(entry.appendTimeMillis());
                    SkipReason reason = checkTime(s, minSecond, maxSecond);
                    Integer vmId = dimensions.vmId(s.vmUuid());
                    Integer hostId = dimensions.hostId(s.hostUuid());
                    if (reason == null && vmId == null) {
                        reason = SkipReason.UNKNOWN_VM;
                    }
                    if (reason == null && hostId == null) {
                        reason = SkipReason.UNKNOWN_HOST;
                    }
                    if (reason == null && !(SampleRows.fitsBigint(s.memoryBytes()) && SampleRows.fitsBigint(s.memoryFreeBytes())
                            && SampleRows.fitsBigint(s.memoryTargetBytes()))) {
                        reason = SkipReason.OUT_OF_RANGE;
                    }
                    if (reason != null) {
                        p.skip(reason, "vm=" + s.vmUuid() + " host=" + s.hostUuid() + " t=" + s.timeSeconds());
                    } else {
                        p.vmRows.add(new VmRow(vmId, hostId, s));
                        p.touchMinute(s.timeSeconds());
                    }
                }
                case HostSample s -> {
                    p.sampleAppended(entry.appendTimeMillis());
                    SkipReason reason = checkTime(s, minSecond, maxSecond);
                    Integer hostId = dimensions.hostId(s.hostUuid());
                    if (reason == null && hostId == null) {
                        reason = SkipReason.UNKNOWN_HOST;
                    }
                    if (reason == null && !(SampleRows.fitsBigint(s.memoryTotalBytes()) && SampleRows.fitsBigint(s.memoryFreeBytes()))) {
                        reason = SkipReason.OUT_OF_RANGE;
                    }
                    if (reason != null) {
                        p.skip(reason, "host=" + s.hostUuid() + " t=" + s.timeSeconds());
                    } else {
                        p.hostRows.add(new HostRow(hostId, s));
                        p.touchMinute(s.timeSeconds());
                    }
                }
            }
        }
        p.dedupe(stored);
        return p;
    }

    private static SkipReason checkTime(Sample s, long minSecond, long maxSecond) {
        if (s.timeSeconds() > maxSecond) {
            return SkipReason.FUTURE_TIMESTAMP;
        }
        return s.timeSeconds() < minSecond ? SkipReason.TOO_OLD : null;
    }

    /**
     * (entity, instant) is the row key. Within a batch the first sample in journal order wins (the
     * sort is stable); a row at or before the last instant stored for its entity may collide with a
     * stored row, so the batch then takes the conflict-tolerant path.
     */
    private void dedupe(StoredInstants stored) {
        vmRows.sort(VM_ORDER);
        List<VmRow> vms = new ArrayList<>(vmRows.size());
        VmRow previous = null;
        for (VmRow row : vmRows) {
            if (previous != null && previous.vmId() == row.vmId() && previous.sample().timeSeconds() == row.sample().timeSeconds()) {
                skip(SkipReason.DUPLICATE_INSTANT, "vm=" + row.sample().vmUuid() + " host=" + row.sample().hostUuid()
                        + " t=" + row.sample().timeSeconds());
                continue;
            }
            if (stored.mayCollideVm(row.vmId(), row.sample().timeSeconds())) {
                mayHaveDuplicates = true;
            }
            vms.add(row);
            previous = row;
        }
        vmRows.clear();
        vmRows.addAll(vms);
        hostRows.sort(HOST_ORDER);
        List<HostRow> hosts = new ArrayList<>(hostRows.size());
        HostRow previousHost = null;
        for (HostRow row : hostRows) {
            if (previousHost != null && previousHost.hostId() == row.hostId()
                    && previousHost.sample().timeSeconds() == row.sample().timeSeconds()) {
                skip(SkipReason.DUPLICATE_INSTANT, "host=" + row.sample().hostUuid() + " t=" + row.sample().timeSeconds());
                continue;
            }
            if (stored.mayCollideHost(row.hostId(), row.sample().timeSeconds())) {
                mayHaveDuplicates = true;
            }
            hosts.add(row);
            previousHost = row;
        }
        hostRows.clear();
        hostRows.addAll(hosts);
    }
}
