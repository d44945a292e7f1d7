package org.dosewatch.alert;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Transition;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/** What clinicians and operators ask of alerting: how many, which, how fast, how fast answered. */
@Startup
@ApplicationScoped
public class AlertMetrics {

    private final MeterRegistry registry;
    private final Counter acknowledgements;
    private final Timer timeToAcknowledge;
    private final Timer readingToAlert;
    private final Timer transitionWait;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acknowledgements = Counter.builder("dosewatch.alerts.acknowledged")
                .description("Alerts acknowledged by a clinician").register(registry);
        this.timeToAcknowledge = Timer.builder("dosewatch.alerts.time.to.acknowledge")
                .description("From an alert being raised to a clinician acknowledging it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
        this.readingToAlert = Timer.builder("dosewatch.alerts.reading.to.alert")
                .description("From the device time of the reading to its alert event stored and published")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.transitionWait = Timer.builder("dosewatch.alerts.transition.wait")
                .description("From a frame written to the log to the alert lifecycle taking the transition it caused: "
                        + "evaluation and its commit (exactly once: a transition is read once committed)")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** A transition caused by a frame written to the log at {@code frameLogged} is taken by the lifecycle now. */
    void transitionTaken(long frameLogged, long now) {
        if (frameLogged > 0 && frameLogged <= now) {
            transitionWait.record(now - frameLogged, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void stored(AlertEvent event, Instant now) {
        switch (event.event()) {
            case RAISED -> {
                registry.counter("dosewatch.alerts.raised", "rule", event.rule().name(), "priority",
                        event.priority().name()).increment();
                latency(event, now);
            }
            case ESCALATED -> registry.counter("dosewatch.alerts.escalated", "rule", event.rule().name(), "priority",
                    event.priority().name()).increment();
            case UPDATED, CLEARED -> latency(event, now);
            default -> { }
        }
    }

    void unstorable(Transition transition) {
        registry.counter("dosewatch.alerts.transitions.unstorable", "rule", transition.rule().name()).increment();
    }

    void acknowledged(Alert alert, Instant now) {
        acknowledgements.increment();
        timeToAcknowledge.record(Duration.between(alert.raisedAt(), now));
    }

    private void latency(AlertEvent event, Instant now) {
        if (event.readingTs() != null && !event.readingTs().isAfter(now)) {
            readingToAlert.record(Duration.between(event.readingTs(), now));
        }
    }
}
