package org.dosewatch.rules;

import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.TransitionSink;

/** A sink that also counts what went through it. */
final class CountingSink implements TransitionSink {

    private final TransitionSink next;
    int count;

    CountingSink(TransitionSink next) {
        this.next = next;
    }

    @Override
    public void accept(Transition transition) {
        count++;
        next.accept(transition);
    }
}
