package org.dosewatch.monitor;

/**
 * A rule with a delay and hysteresis: it keeps the two clocks of {@link Persistence} in its own
 * fields, so evaluating it touches one object.
 */
abstract class PersistentRule implements Rule {

    private final long delayMillis;
    private final long clearAfterMillis;
    private long since = Persistence.NONE;
    private long clearSince = Persistence.NONE;

    PersistentRule(long delayMillis, long clearAfterMillis) {
        this.delayMillis = delayMillis;
        this.clearAfterMillis = clearAfterMillis;
    }

    /** The condition holds at {@code ts}; answers its onset once it has held for the delay, else {@link Persistence#NONE}. */
    final long holds(long ts) {
        clearSince = Persistence.NONE;
        if (since == Persistence.NONE) {
            since = ts;
        }
        return ts - since >= delayMillis ? since : Persistence.NONE;
    }

    /** The condition is absent; true once the value has been past the margin for the clear hold. */
    final boolean clears(long ts, boolean pastMargin) {
        since = Persistence.NONE;
        if (!pastMargin) {
            clearSince = Persistence.NONE;
            return false;
        }
        if (clearSince == Persistence.NONE) {
            clearSince = ts;
        }
        return ts - clearSince >= clearAfterMillis;
    }

    final void reset() {
        since = Persistence.NONE;
        clearSince = Persistence.NONE;
    }
}
