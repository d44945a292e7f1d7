package org.dosewatch.monitor;

/**
 * The least-squares trend of a vital over a window of device time: how much it changed across
 * the window according to the fitted line, so that one noisy value cannot make a trend.
 * No allocation after construction.
 */
final class SlopeWindow {

    private final long windowMillis;
    private final double[] values;
    private final long[] times;
    private int head;
    private int size;

    SlopeWindow(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.values = new double[capacity];
        this.times = new long[capacity];
    }

    void add(long ts, double value) {
        while (size > 0 && times[head] <= ts - windowMillis) {
            drop();
        }
        if (size == values.length) {
            drop();
        }
        int tail = (head + size) % values.length;
        values[tail] = value;
        times[tail] = ts;
        size++;
    }

    int size() {
        return size;
    }

    /** Time covered by the values in the window. */
    long spanMillis() {
        return size == 0 ? 0 : times[(head + size - 1) % values.length] - times[head];
    }

    /** Change across the window along the fitted line (negative for a fall); 0 with fewer than 2 values. */
    double fittedChange() {
        if (size < 2) {
            return 0;
        }
        long origin = times[head];
        double sumT = 0;
        double sumV = 0;
        for (int i = 0; i < size; i++) {
            int at = (head + i) % values.length;
            sumT += (times[at] - origin) / 1000.0;
            sumV += values[at];
        }
        double meanT = sumT / size;
        double meanV = sumV / size;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < size; i++) {
            int at = (head + i) % values.length;
            double t = (times[at] - origin) / 1000.0 - meanT;
            covariance += t * (values[at] - meanV);
            variance += t * t;
        }
        return variance == 0 ? 0 : covariance / variance * (spanMillis() / 1000.0);
    }

    private void drop() {
        head = (head + 1) % values.length;
        size--;
    }
}
