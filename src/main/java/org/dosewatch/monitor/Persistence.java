package org.dosewatch.monitor;

/**
 * The two clocks of a rule with a delay and hysteresis: how long its condition has held (to
 * raise after the delay) and how long it has been clear past the margin (to clear after the
 * hold), both on device time. A condition is never carried across a gap in the data: frames
 * further apart than the hold limit start either clock again (docs/clinical-rules.md, device
 * clocks), so a delay is met only by frames that show the condition over that time.
 */
class Persistence {

    static final long NONE = Long.MIN_VALUE;
    /** The first state layout that keeps the time of the last frame seen. */
    static final int LAYOUT_WITH_LAST = 3;

    private final long delayMillis;
    private final long clearAfterMillis;
    private final long holdMillis;
    private long since = NONE;
    private long clearSince = NONE;
    /** The last frame that said whether the condition held. */
    private long last = NONE;

    /** @param holdMillis how long one frame's value holds; frames further apart leave a gap */
    Persistence(long delayMillis, long clearAfterMillis, long holdMillis) {
        this.delayMillis = delayMillis;
        this.clearAfterMillis = clearAfterMillis;
        this.holdMillis = holdMillis;
    }

    /** The condition holds at {@code ts}; answers its onset once it has held for the delay, else {@link #NONE}. */
    final long holds(long ts) {
        clearSince = NONE;
        if (since == NONE || gapBefore(ts)) {
            since = ts;
        }
        last = ts;
        return ts - since >= delayMillis ? since : NONE;
    }

    /**
     * The condition is absent at {@code ts}; {@code pastMargin} tells whether the value is back
     * beyond the hysteresis margin. Answers true once it has been so for the clear hold.
     */
    final boolean clears(long ts, boolean pastMargin) {
        since = NONE;
        boolean gap = gapBefore(ts);
        last = ts;
        if (!pastMargin) {
            clearSince = NONE;
            return false;
        }
        if (clearSince == NONE || gap) {
            clearSince = ts;
        }
        return ts - clearSince >= clearAfterMillis;
    }

    private boolean gapBefore(long ts) {
        return last != NONE && ts - last > holdMillis;
    }

    final void reset() {
        since = NONE;
        clearSince = NONE;
    }

    final void saveClocks(StateOut out, long base) {
        out.writeTime(since, base);
        out.writeTime(clearSince, base);
        out.writeTime(last, base);
    }

    final void restoreClocks(StateIn in, long base) {
        since = in.readTime(base);
        clearSince = in.readTime(base);
        last = in.layout() >= LAYOUT_WITH_LAST ? in.readTime(base) : NONE;
    }
}
