package org.dosewatch.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The median of a vital over the last span of device time, kept sorted as frames come and go,
 * so that a one-frame artefact moves nothing; the same frames serve as an alert's evidence.
 * Each frame's time and value sit side by side in one array, so a session's state stays in few
 * cache lines. Each frame is also encoded once, as it comes in, in the form {@link #save} writes
 * it (its span from the frame before, its value's change): a session's state is saved after
 * every frame, and a window of ten minutes is then copied rather than encoded again. No
 * allocation after the window has grown to its usual size.
 */
final class RollingMedian {

    /** Slots a window starts with; it doubles up to its limit as frames come. */
    private static final int FIRST_SLOTS = 16;

    private final long spanMillis;
    private double[] sorted;
    /** Pairs of (device time, raw bits of the value), oldest at {@code head}. */
    private long[] frames;
    /** The most frames the window keeps: beyond it, the oldest goes. */
    private final int limit;
    /** Frames the arrays hold now. */
    private int slots;
    private int head;
    private int size;
    /** The frames' encoded entries, oldest first, from {@code encodedStart} to {@code encodedEnd}. */
    private byte[] encoded = new byte[32];
    private int encodedStart;
    private int encodedEnd;
    /** Per frame slot, the length of its entry; 0 for a frame that came into an empty window. */
    private byte[] encodedLength;
    private final StateOut entry = new StateOut(24);

    RollingMedian(long spanMillis, int limit) {
        this.spanMillis = spanMillis;
        this.limit = limit;
        this.slots = Math.min(limit, FIRST_SLOTS);
        this.sorted = new double[slots];
        this.frames = new long[2 * slots];
        this.encodedLength = new byte[slots];
    }

    void add(long ts, double value) {
        expire(ts);
        insert(ts, value);
    }

    private void insert(long ts, double value) {
        if (size == slots) {
            if (slots < limit) {
                grow();
            } else {
                removeOldest();
            }
        }
        int slot = (head + size) % slots;
        encode(slot, ts, value);
        int tail = 2 * slot;
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
            int at = 2 * ((head + i) % slots);
            if (frames[at] >= from) {
                out.add(Double.longBitsToDouble(frames[at + 1]));
            }
        }
        return out;
    }

    /**
     * The window's frames, oldest first: the first one's time from {@code base} and its value,
     * then each one's span from the frame before and its value's change.
     */
    void save(StateOut out, long base) {
        out.writeInt(size);
        if (size == 0) {
            return;
        }
        out.writeSpan(frames[2 * head] - base);
        out.writeValueAfter(Double.longBitsToDouble(frames[2 * head + 1]), Double.NaN);
        // The oldest frame's own entry was relative to a frame that has left the window.
        int from = encodedStart + encodedLength[head];
        out.writeRaw(encoded, from, encodedEnd - from);
    }

    /** Twice the slots (at most the limit), the frames moved to the front in their order. */
    private void grow() {
        int larger = Math.min(limit, 2 * slots);
        long[] movedFrames = new long[2 * larger];
        byte[] movedLengths = new byte[larger];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % slots;
            movedFrames[2 * i] = frames[2 * from];
            movedFrames[2 * i + 1] = frames[2 * from + 1];
            movedLengths[i] = encodedLength[from];
        }
        sorted = Arrays.copyOf(sorted, larger);
        frames = movedFrames;
        encodedLength = movedLengths;
        head = 0;
        slots = larger;
    }

    /** Encodes a frame coming into {@code slot} relative to the newest frame before it. */
    private void encode(int slot, long ts, double value) {
        if (size == 0) {
            encodedLength[slot] = 0;
            encodedStart = 0;
            encodedEnd = 0;
            return;
        }
        int newest = 2 * ((head + size - 1) % slots);
        entry.reset();
        entry.writeSpan(ts - frames[newest]);
        entry.writeValueAfter(value, Double.longBitsToDouble(frames[newest + 1]));
        int length = entry.size();
        if (encodedEnd + length > encoded.length) {
            makeRoom(length);
        }
        entry.copyTo(encoded, encodedEnd);
        encodedEnd += length;
        encodedLength[slot] = (byte) length;
    }

    /** Moves the live entries to the front, into a larger array when they fill half of it. */
    private void makeRoom(int length) {
        int live = encodedEnd - encodedStart;
        byte[] target = live + length > encoded.length / 2
                ? new byte[Math.max(2 * encoded.length, live + length)]
                : encoded;
        System.arraycopy(encoded, encodedStart, target, 0, live);
        encoded = target;
        encodedStart = 0;
        encodedEnd = live;
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
        encodedStart += encodedLength[head];
        head = (head + 1) % slots;
        size--;
    }
}
