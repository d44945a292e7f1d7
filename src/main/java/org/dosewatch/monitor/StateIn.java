package org.dosewatch.monitor;

/** Reads what {@link StateOut} wrote, in the same order. */
public final class StateIn {

    private final byte[] bytes;
    private int at;
    /** The layout version the bytes were written in, when a reader told it; else the newest. */
    private int layout = Integer.MAX_VALUE;

    public StateIn(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Tells the parts read next which layout version wrote them. */
    void layout(int version) {
        layout = version;
    }

    int layout() {
        return layout;
    }

    public int readByte() {
        if (at >= bytes.length) {
            throw new IllegalArgumentException("session monitor state ends early at byte " + at);
        }
        return bytes[at++] & 0xFF;
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public long readLong() {
        long zigzag = 0;
        for (int shift = 0; ; shift += 7) {
            int b = readByte();
            zigzag |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    public int readInt() {
        return (int) readLong();
    }

    public double readDouble() {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (long) readByte() << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    public double readValue() {
        return readValueAfter(Double.NaN);
    }

    public double readValueAfter(double previous) {
        long tagged = readLong();
        return switch ((int) (tagged & 3)) {
            case 0 -> (double) (tagged >> 2);
            case 1 -> (tagged >> 2) / 100.0;
            case 2 -> readDouble();
            default -> previous + (tagged >> 2);
        };
    }

    public long readSpan() {
        long tagged = readLong();
        return (tagged & 1) == 0 ? (tagged >> 1) * 1000 : tagged >> 1;
    }

    public long readTime(long base) {
        return readBoolean() ? base + readLong() : Long.MIN_VALUE;
    }

    public byte[] readBytes() {
        int length = readInt();
        if (length < 0 || length > bytes.length - at) {
            throw new IllegalArgumentException("session state holds a field of " + length + " bytes at byte " + at);
        }
        byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + length);
        at += length;
        return value;
    }

    public String readString() {
        return new String(readBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public <E extends Enum<E>> E readEnum(E[] values) {
        int ordinal = readInt();
        return ordinal < 0 ? null : values[ordinal];
    }

    public boolean exhausted() {
        return at == bytes.length;
    }
}
