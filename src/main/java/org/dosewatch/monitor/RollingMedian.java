package org.dosewatch.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The median of a vital over the last span of device time, kept sorted as frames come and go,
 * so that a one-frame artefact moves nothing; the same frames serve as an alert's evidence.
 * Each frame's time and value sit side by side in one array, so a session's state stays in few
 * cache lines. No allocation after construction.
 */
final class RollingMedian {

    private final long spanMillis;
    private final double[] sorted;
    /** Pairs of (device time, raw bits of the value), oldest at {@code head}. */
    private final long[] frames;
    private final int capacity;
    private int head;
    private int size;

    RollingMedian(long spanMillis, int capacity) {
        this.spanMillis = spanMillis;
        this.capacity = capacity;
        this.sorted = new double[capacity];
        this.frames = new long[2 * capacity];
    }

    void add(long ts, double value) {
        expire(ts);
        insert(ts, value);
    }

    private void insert(long ts, double value) {
        if (size == capacity) {
            removeOldest();
        }
        int tail = 2 * ((head + size) % capacity);
        frames[tail] = ts;
        frames[tail + 1] = Double.doubleToRawLongBits(value);
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

    /** The values from {@code from} on that are still in the window, oldest first. */
    List<Double> since(long from) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int at = 2 * ((head + i) % capacity);
            if (frames[at] >= from) {
                out.add(Double.longBitsToDouble(frames[at + 1]));
            }
        }
        return out;
    }

    void save(StateOut out, long base) {
        out.writeInt(size);
        long previous = base;
        double previousValue = Double.NaN;
        for (int i = 0; i < size; i++) {
            int at = 2 * ((head + i) % capacity);
            out.writeSpan(frames[at] - previous);
            previous = frames[at];
            double value = Double.longBitsToDouble(frames[at + 1]);
            out.writeValueAfter(value, previousValue);
            previousValue = value;
        }
    }

    /** Empties the window and takes back the frames {@link #save} wrote. */
    void restore(StateIn in, long base) {
        head = 0;
        size = 0;
        int count = in.readInt();
        long previous = base;
        double previousValue = Double.NaN;
        for (int i = 0; i < count; i++) {
            long ts = previous + in.readSpan();
            previous = ts;
            double value = in.readValueAfter(previousValue);
            previousValue = value;
            insert(ts, value);
        }
    }

    private void expire(long now) {
        while (size > 0 && frames[2 * head] <= now - spanMillis) {
            removeOldest();
        }
    }

    private void removeOldest() {
        double value = Double.longBitsToDouble(frames[2 * head + 1]);
        int at = Arrays.binarySearch(sorted, 0, size, value);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        head = (head + 1) % capacity;
        size--;
    }
}
