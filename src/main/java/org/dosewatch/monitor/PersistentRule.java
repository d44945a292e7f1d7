package org.dosewatch.monitor;

/**
 * A rule with a delay and hysteresis. It is its own {@link Persistence}, so evaluating it touches
 * one object: with thousands of sessions, the objects a reading touches are its cost.
 */
abstract class PersistentRule extends Persistence implements Rule {

    PersistentRule(long delayMillis, long clearAfterMillis) {
        super(delayMillis, clearAfterMillis);
    }
}
