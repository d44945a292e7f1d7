package org.dosewatch.monitor;

/**
 * The least-squares trend of a vital over a window of device time: how much it changed across
 * the window according to the fitted line, so that one noisy value cannot make a trend.
 *
 * <p>The sums of the fit are kept up to date as values enter and leave, so each frame costs the
 * same whatever the window holds. Times are seconds from an origin that moves up to the oldest
 * value now and then, and the sums are then recomputed, so rounding never builds up. No
 * allocation after construction.
 */
final class SlopeWindow {

    private static final int RECOMPUTE_EVERY = 1024;

    private final long windowMillis;
    /** Pairs of (device time, raw bits of the value), oldest at {@code head}. */
    private final long[] frames;
    private final int capacity;
    private int head;
    private int size;
    private long origin = Long.MIN_VALUE;
    private int sinceRecompute;
    private double sumT;
    private double sumV;
    private double sumTT;
    private double sumTV;

    SlopeWindow(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.capacity = capacity;
        this.frames = new long[2 * capacity];
    }

    void add(long ts, double value) {
        while (size > 0 && time(head) <= ts - windowMillis) {
            drop();
        }
        if (size == capacity) {
            drop();
        }
        if (origin == Long.MIN_VALUE || ++sinceRecompute >= RECOMPUTE_EVERY) {
            origin = size == 0 ? ts : time(head);
            recompute();
        }
        int tail = (head + size) % capacity;
        frames[2 * tail] = ts;
        frames[2 * tail + 1] = Double.doubleToRawLongBits(value);
        size++;
        include(ts, value, 1);
    }

    int size() {
        return size;
    }

    /** Time covered by the values in the window. */
    long spanMillis() {
        return size == 0 ? 0 : time((head + size - 1) % capacity) - time(head);
    }

    /** Change across the window along the fitted line (negative for a fall); 0 with fewer than 2 values. */
    double fittedChange() {
        if (size < 2) {
            return 0;
        }
        double variance = sumTT - sumT * sumT / size;
        if (variance <= 1e-9) {
            return 0;
        }
        double covariance = sumTV - sumT * sumV / size;
        return covariance / variance * (spanMillis() / 1000.0);
    }

    void save(StateOut out, long base) {
        out.writeInt(size);
        long previous = base;
        double previousValue = Double.NaN;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % capacity;
            out.writeSpan(time(slot) - previous);
            previous = time(slot);
            out.writeValueAfter(value(slot), previousValue);
            previousValue = value(slot);
        }
        out.writeTime(origin, base);
        out.writeInt(sinceRecompute);
        out.writeDouble(sumT);
        out.writeDouble(sumV);
        out.writeDouble(sumTT);
        out.writeDouble(sumTV);
    }

    /** Takes back the window {@link #save} wrote, sums included, so the fitted line is the same to the last bit. */
    void restore(StateIn in, long base) {
        int count = in.readInt();
        long[] times = new long[count];
        double[] values = new double[count];
        long previous = base;
        double previousValue = Double.NaN;
        for (int i = 0; i < count; i++) {
            times[i] = previous + in.readSpan();
            previous = times[i];
            values[i] = in.readValueAfter(previousValue);
            previousValue = values[i];
        }
        head = 0;
        size = 0;
        int skip = Math.max(0, count - capacity);
        for (int i = skip; i < count; i++) {
            frames[2 * size] = times[i];
            frames[2 * size + 1] = Double.doubleToRawLongBits(values[i]);
            size++;
        }
        origin = in.readTime(base);
        sinceRecompute = in.readInt();
        sumT = in.readDouble();
        sumV = in.readDouble();
        sumTT = in.readDouble();
        sumTV = in.readDouble();
        if (skip > 0) {
            recompute();
        }
    }

    private long time(int slot) {
        return frames[2 * slot];
    }

    private double value(int slot) {
        return Double.longBitsToDouble(frames[2 * slot + 1]);
    }

    private void drop() {
        include(time(head), value(head), -1);
        head = (head + 1) % capacity;
        size--;
    }

    private void include(long ts, double value, int sign) {
        double t = (ts - origin) / 1000.0;
        sumT += sign * t;
        sumV += sign * value;
        sumTT += sign * t * t;
        sumTV += sign * t * value;
    }

    private void recompute() {
        sinceRecompute = 0;
        sumT = 0;
        sumV = 0;
        sumTT = 0;
        sumTV = 0;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % capacity;
            include(time(slot), value(slot), 1);
        }
    }
}
