package org.dosewatch.monitor;

import java.util.Arrays;

/**
 * The median of a vital over the last span of device time, kept sorted as frames come and go,
 * so that a one-frame artefact moves nothing. No allocation after construction.
 */
final class RollingMedian {

    private final long spanMillis;
    private final double[] sorted;
    private final double[] values;
    private final long[] times;
    private int head;
    private int size;

    RollingMedian(long spanMillis, int capacity) {
        this.spanMillis = spanMillis;
        this.sorted = new double[capacity];
        this.values = new double[capacity];
        this.times = new long[capacity];
    }

    void add(long ts, double value) {
        expire(ts);
        if (size == values.length) {
            removeOldest();
        }
        int tail = (head + size) % values.length;
        values[tail] = value;
        times[tail] = ts;
        int at = Arrays.binarySearch(sorted, 0, size, value);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = value;
        size++;
    }

    /** The median of the values no older than the span before {@code now}; NaN when there are none. */
    double median(long now) {
        expire(now);
        if (size == 0) {
            return Double.NaN;
        }
        int mid = size / 2;
        return size % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private void expire(long now) {
        while (size > 0 && times[head] <= now - spanMillis) {
            removeOldest();
        }
    }

    private void removeOldest() {
        double value = values[head];
        int at = Arrays.binarySearch(sorted, 0, size, value);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        head = (head + 1) % values.length;
        size--;
    }
}
