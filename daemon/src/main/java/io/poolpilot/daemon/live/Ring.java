package io.poolpilot.daemon.live;

import java.util.Arrays;

/**
 * A time-ordered ring of one entity's recent samples, stored column-wise as floats (about 44 bytes
 * per VM sample instead of a ~150-byte record), growing on demand up to a fixed capacity. Not
 * thread-safe: {@link LiveState} guards each ring with its own monitor.
 */
final class Ring {

    private final int maxCapacity;
    private final int columnCount;
    private int capacity;
    private int start;
    private int size;
    private long baseSecond = Long.MIN_VALUE;
    private int[] offsets;
    private short[] steps;
    private short[] counts;
    private String[] hosts;
    private float[][] columns;

    Ring(int columnCount, int maxCapacity) {
        this.columnCount = columnCount;
        this.maxCapacity = maxCapacity;
        this.capacity = Math.min(16, maxCapacity);
        this.offsets = new int[capacity];
        this.steps = new short[capacity];
        this.counts = new short[capacity];
        this.hosts = new String[capacity];
        this.columns = new float[columnCount][capacity];
    }

    int size() {
        return size;
    }

    long newestSecond() {
        return size == 0 ? Long.MIN_VALUE : second(size - 1);
    }

    /**
     * Appends a sample newer than every stored one and drops those older than
     * {@code windowSeconds} before it. Returns false (and stores nothing) for an older or equal instant.
     */
    boolean append(long second, int step, int count, String host, double[] values, long windowSeconds) {
        if (size > 0 && second <= newestSecond()) {
            return false;
        }
        if (baseSecond == Long.MIN_VALUE || second - baseSecond > Integer.MAX_VALUE) {
            rebase(second);
        }
        long oldestKept = second - windowSeconds;
        while (size > 0 && second(0) <= oldestKept) {
            start = (start + 1) % capacity;
            size--;
        }
        if (size == capacity) {
            if (capacity < maxCapacity) {
                grow();
            } else {
                start = (start + 1) % capacity;
                size--;
            }
        }
        int slot = (start + size) % capacity;
        offsets[slot] = (int) (second - baseSecond);
        steps[slot] = (short) Math.min(step, Short.MAX_VALUE);
        counts[slot] = (short) Math.min(count, Short.MAX_VALUE);
        hosts[slot] = host;
        for (int c = 0; c < columnCount; c++) {
            columns[c][slot] = (float) values[c];
        }
        size++;
        return true;
    }

    long second(int i) {
        return baseSecond + offsets[(start + i) % capacity];
    }

    int step(int i) {
        return steps[(start + i) % capacity];
    }

    int count(int i) {
        return counts[(start + i) % capacity];
    }

    String host(int i) {
        return hosts[(start + i) % capacity];
    }

    double value(int i, int column) {
        return columns[column][(start + i) % capacity];
    }

    private void rebase(long second) {
        long newBase = second - 86_400;
        for (int i = 0; i < size; i++) {
            int slot = (start + i) % capacity;
            offsets[slot] = (int) (baseSecond + offsets[slot] - newBase);
        }
        baseSecond = newBase;
    }

    private void grow() {
        int newCapacity = Math.min(maxCapacity, capacity * 2);
        int[] newOffsets = new int[newCapacity];
        short[] newSteps = new short[newCapacity];
        short[] newCounts = new short[newCapacity];
        String[] newHosts = new String[newCapacity];
        float[][] newColumns = new float[columnCount][newCapacity];
        for (int i = 0; i < size; i++) {
            int slot = (start + i) % capacity;
            newOffsets[i] = offsets[slot];
            newSteps[i] = steps[slot];
            newCounts[i] = counts[slot];
            newHosts[i] = hosts[slot];
            for (int c = 0; c < columnCount; c++) {
                newColumns[c][i] = columns[c][slot];
            }
        }
        offsets = newOffsets;
        steps = newSteps;
        counts = newCounts;
        hosts = newHosts;
        columns = newColumns;
        capacity = newCapacity;
        start = 0;
    }

    /** Values of one column over the window, NaN (absent) values left out. */
    double[] column(int column) {
        double[] out = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            double v = value(i, column);
            if (!Double.isNaN(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
