package org.dosewatch.monitor;

/**
 * The two clocks of a rule with a delay and hysteresis: how long its condition has held (to
 * raise after the delay) and how long it has been clear past the margin (to clear after the
 * hold), both on device time.
 */
class Persistence {

    static final long NONE = Long.MIN_VALUE;

    private final long delayMillis;
    private final long clearAfterMillis;
    private long since = NONE;
    private long clearSince = NONE;

    Persistence(long delayMillis, long clearAfterMillis) {
        this.delayMillis = delayMillis;
        this.clearAfterMillis = clearAfterMillis;
    }

    /** The condition holds at {@code ts}; answers its onset once it has held for the delay, else {@link #NONE}. */
    final long holds(long ts) {
        clearSince = NONE;
        if (since == NONE) {
            since = ts;
        }
        return ts - since >= delayMillis ? since : NONE;
    }

    /**
     * The condition is absent at {@code ts}; {@code pastMargin} tells whether the value is back
     * beyond the hysteresis margin. Answers true once it has been so for the clear hold.
     */
    final boolean clears(long ts, boolean pastMargin) {
        since = NONE;
        if (!pastMargin) {
            clearSince = NONE;
            return false;
        }
        if (clearSince == NONE) {
            clearSince = ts;
        }
        return ts - clearSince >= clearAfterMillis;
    }

    final void reset() {
        since = NONE;
        clearSince = NONE;
    }

    final void saveClocks(StateOut out, long base) {
        out.writeTime(since, base);
        out.writeTime(clearSince, base);
    }

    final void restoreClocks(StateIn in, long base) {
        since = in.readTime(base);
        clearSince = in.readTime(base);
    }
}
