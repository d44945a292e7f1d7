package org.dosewatch.monitor;

import java.util.Arrays;

/**
 * The compact binary form of a session monitor's state, written by the monitor and its rules
 * in a fixed order. Times are zig-zag varints (mostly deltas), vital values a varint of
 * hundredths when they have no finer part (almost always), else the raw double.
 */
public final class StateOut {

    private byte[] bytes;
    private int size;

    public StateOut() {
        this(512);
    }

    StateOut(int capacity) {
        bytes = new byte[capacity];
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public int size() {
        return size;
    }

    public void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    /** Empties the buffer for the next state, keeping its capacity. */
    public void reset() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    /** Zig-zag varint: small magnitudes of either sign take one or two bytes. */
    public void writeLong(long value) {
        ensure(10);
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        bytes[size++] = (byte) zigzag;
    }

    public void writeInt(int value) {
        writeLong(value);
    }

    public void writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            writeByte((int) (bits >>> (8 * i)));
        }
    }

    /**
     * A vital or clinical number, tagged in its two low bits: 0 a whole number, 1 hundredths, 2 the
     * raw double; 3 (only after a previous value) the whole-number change from it.
     */
    public void writeValue(double value) {
        if (whole(value)) {
            writeLong(((long) value) << 2);
            return;
        }
        double hundredths = value * 100;
        if (!Double.isNaN(value) && whole(hundredths) && (long) hundredths / 100.0 == value) {
            writeLong(((long) hundredths) << 2 | 1);
        } else {
            writeLong(2);
            writeDouble(value);
        }
    }

    /** A value of a series: vitals move little from frame to frame, so the change takes a byte. */
    public void writeValueAfter(double value, double previous) {
        if (whole(value) && whole(previous)) {
            writeLong(((long) value - (long) previous) << 2 | 3);
        } else {
            writeValue(value);
        }
    }

    /** A span of milliseconds, one byte for the usual whole seconds between frames. */
    public void writeSpan(long millis) {
        writeLong(millis % 1000 == 0 ? (millis / 1000) << 1 : millis << 1 | 1);
    }

    private static boolean whole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    /** A time that may be unset ({@code Long.MIN_VALUE}), as a delta from {@code base}. */
    public void writeTime(long time, long base) {
        if (time == Long.MIN_VALUE) {
            writeBoolean(false);
        } else {
            writeBoolean(true);
            writeLong(time - base);
        }
    }

    /** Bytes already in this form (written by another {@code StateOut}), as they are. */
    void writeRaw(byte[] source, int from, int length) {
        ensure(length);
        System.arraycopy(source, from, bytes, size, length);
        size += length;
    }

    /** Copies what was written to {@code target} at {@code at}. */
    void copyTo(byte[] target, int at) {
        System.arraycopy(bytes, 0, target, at, size);
    }

    public void writeBytes(byte[] value) {
        writeInt(value.length);
        for (byte b : value) {
            writeByte(b);
        }
    }

    public void writeString(String value) {
        writeBytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public <E extends Enum<E>> void writeEnum(E value) {
        writeInt(value == null ? -1 : value.ordinal());
    }
}
