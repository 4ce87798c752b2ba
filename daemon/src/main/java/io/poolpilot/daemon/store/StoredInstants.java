package io.poolpilot.daemon.store;

import io.poolpilot.daemon.store.SampleRows.HostRow;
import io.poolpilot.daemon.store.SampleRows.VmRow;

import java.util.Arrays;

/**
 * The newest instant the writer has stored per interned VM and host id. A row at or before it may
 * collide with a stored row; a row after it cannot (nothing else writes the sample tables).
 * Empty after a restart: then the database's key is the safety net.
 */
final class StoredInstants {

    private long[] vmSeconds = new long[1024];
    private long[] hostSeconds = new long[256];

    boolean mayCollideVm(int vmId, long second) {
        return vmId < vmSeconds.length && second <= vmSeconds[vmId];
    }

    boolean mayCollideHost(int hostId, long second) {
        return hostId < hostSeconds.length && second <= hostSeconds[hostId];
    }

    /** Records the rows of a committed batch. */
    void record(PreparedBatch batch) {
        for (VmRow row : batch.vmRows) {
            vmSeconds = record(vmSeconds, row.vmId(), row.sample().timeSeconds());
        }
        for (HostRow row : batch.hostRows) {
            hostSeconds = record(hostSeconds, row.hostId(), row.sample().timeSeconds());
        }
    }

    private static long[] record(long[] lastSeconds, int id, long second) {
        long[] array = lastSeconds;
        if (id >= array.length) {
            array = Arrays.copyOf(array, Math.max(id + 1, array.length * 2));
        }
        array[id] = Math.max(array[id], second);
        return array;
    }
}
