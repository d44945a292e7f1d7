package org.dosewatch.monitor;

/**
 * A rule on runs of NIBP readings past a limit: it remembers how many in a row, and the device
 * time of the first, which is the onset of the alert the run raises.
 */
abstract class CuffRule implements Rule {

    private int count;
    private long onset;

    /** One more reading past the limit at {@code ts}; answers how many in a row now. */
    final int past(long ts) {
        if (count++ == 0) {
            onset = ts;
        }
        return count;
    }

    final void reset() {
        count = 0;
    }

    final long onset() {
        return onset;
    }

    @Override
    public final void save(StateOut out, long base) {
        out.writeInt(count);
        out.writeLong(onset - base);
    }

    @Override
    public final void restore(StateIn in, long base) {
        count = in.readInt();
        onset = base + in.readLong();
    }
}
