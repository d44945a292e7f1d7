package org.dosewatch.monitor;

/**
 * A rule with a delay and hysteresis. It is its own {@link Persistence}, so evaluating it touches
 * one object: with thousands of sessions, the objects a reading touches are its cost.
 */
abstract class PersistentRule extends Persistence implements Rule {

    PersistentRule(long delayMillis, long clearAfterMillis, long holdMillis) {
        super(delayMillis, clearAfterMillis, holdMillis);
    }

    @Override
    public void save(StateOut out, long base) {
        saveClocks(out, base);
    }

    @Override
    public void restore(StateIn in, long base) {
        restoreClocks(in, base);
    }
}
