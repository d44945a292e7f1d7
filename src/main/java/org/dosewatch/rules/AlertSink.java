package org.dosewatch.rules;

import java.util.List;

import org.dosewatch.monitor.Transition;

import io.smallrye.mutiny.Uni;

/**
 * Where the rule engine's alert transitions go. The Uni completes once they are safely stored
 * and published: the reading that caused them is acknowledged only then.
 */
public interface AlertSink {

    Uni<Void> accept(List<Transition> transitions);
}
