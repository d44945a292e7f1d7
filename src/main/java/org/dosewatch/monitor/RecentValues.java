package org.dosewatch.monitor;

import java.util.ArrayList;
import java.util.List;

/** The last values of one vital with their device times, to show as an alert's evidence. */
final class RecentValues {

    private final double[] values;
    private final long[] times;
    private int next;
    private int size;

    RecentValues(int capacity) {
        values = new double[capacity];
        times = new long[capacity];
    }

    void add(long ts, double value) {
        values[next] = value;
        times[next] = ts;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** Values from {@code from} on, oldest first (only the most recent ones fit). */
    List<Double> since(long from) {
        List<Double> out = new ArrayList<>();
        for (int i = size; i > 0; i--) {
            int at = Math.floorMod(next - i, values.length);
            if (times[at] >= from) {
                out.add(values[at]);
            }
        }
        return out;
    }

    double latest() {
        return size == 0 ? Double.NaN : values[Math.floorMod(next - 1, values.length)];
    }
}
