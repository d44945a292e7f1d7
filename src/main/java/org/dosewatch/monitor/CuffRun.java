package org.dosewatch.monitor;

/**
 * A run of NIBP readings past a limit: how many in a row, and the device time of the first, which
 * is the onset of the alert the run raises.
 */
final class CuffRun {

    private int count;
    private long onset;

    /** One more reading past the limit at {@code ts}; answers how many in a row now. */
    int past(long ts) {
        if (count++ == 0) {
            onset = ts;
        }
        return count;
    }

    void reset() {
        count = 0;
    }

    long onset() {
        return onset;
    }

    void save(StateOut out, long base) {
        out.writeInt(count);
        out.writeLong(onset - base);
    }

    void restore(StateIn in, long base) {
        count = in.readInt();
        onset = base + in.readLong();
    }
}
