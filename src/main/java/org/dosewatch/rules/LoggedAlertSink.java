package org.dosewatch.rules;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Transition;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The alert sink until alerts are stored and published: one log line per transition, and a
 * count by rule, priority and transition in metrics.
 */
@DefaultBean
@ApplicationScoped
public class LoggedAlertSink implements AlertSink {

    private final MeterRegistry registry;

    public LoggedAlertSink(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Uni<Void> accept(List<Transition> transitions) {
        for (Transition t : transitions) {
            Log.infof("Alert %s %s %s for session %s (%s): %s", t.type(), t.rule(), t.priority(), t.sessionId(),
                    t.alertId(), t.message());
            registry.counter("dosewatch.alerts.transitions", "rule", t.rule().name(), "priority", t.priority().name(),
                    "type", t.type().name()).increment();
        }
        return Uni.createFrom().voidItem();
    }
}
