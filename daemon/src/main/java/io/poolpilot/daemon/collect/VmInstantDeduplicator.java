package io.poolpilot.daemon.collect;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one sample per VM per instant across the hosts of a pool: while a VM migrates, both the
 * source and the destination report it for the overlapping instants. The first report of an
 * instant wins; a repeat is dropped and counted by the caller. Remembers the last
 * {@link #REMEMBERED_INSTANTS} instants per VM (over ten minutes at a 5 s step).
 */
final class VmInstantDeduplicator {

    static final int REMEMBERED_INSTANTS = 128;

    private static final class Recent {
        final long[] times = new long[REMEMBERED_INSTANTS];
        int next;
        int size;

        boolean addIfAbsent(long time) {
            for (int i = 0; i < size; i++) {
                if (times[i] == time) {
                    return false;
                }
            }
            times[next] = time;
            next = (next + 1) % REMEMBERED_INSTANTS;
            size = Math.min(size + 1, REMEMBERED_INSTANTS);
            return true;
        }
    }

    private final ConcurrentHashMap<String, Recent> recentByVm = new ConcurrentHashMap<>();

    /** True when this (vm, time) was not reported before and should be journaled. Safe from many threads. */
    boolean accept(String vmUuid, long timeSeconds) {
        Recent recent = recentByVm.computeIfAbsent(vmUuid, uuid -> new Recent());
        synchronized (recent) {
            return recent.addIfAbsent(timeSeconds);
        }
    }

    void forget(String vmUuid) {
        recentByVm.remove(vmUuid);
    }
}
