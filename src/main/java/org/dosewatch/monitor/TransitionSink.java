package org.dosewatch.monitor;

/** Where a monitor puts the transitions of one evaluation. */
@FunctionalInterface
public interface TransitionSink {
    void accept(Transition transition);
}
