package org.dosewatch.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Monitors;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.Transition;
import org.dosewatch.reading.Reading;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The rule engine in the service: one {@link SessionMonitor} per session this instance
 * evaluates, fed with admitted readings, the session facts, and a wall-clock tick every second.
 * Transitions go to the {@link AlertSink}.
 */
@ApplicationScoped
public class RuleEngine {

    private final Monitors monitors;
    private final AlertSink sink;
    private final Clock clock;

    public RuleEngine(RuleProfiles profiles, AlertSink sink, Clock clock, MeterRegistry registry) {
        RuleProfile profile = profiles.defaults();
        this.monitors = new Monitors(sessionId -> profile);
        this.sink = sink;
        this.clock = clock;
        Gauge.builder("dosewatch.sessions.monitored", monitors, Monitors::size)
                .description("Sessions whose rules this instance evaluates").register(registry);
        Log.infof("Rule profile %s loaded", profile.name());
    }

    /** Evaluates an admitted reading; completes once its transitions (if any) are in the sink. */
    public Uni<Void> evaluate(Reading reading) {
        List<Transition> transitions = new ArrayList<>(0);
        monitors.onReading(reading, clock.millis(), transitions::add);
        return deliver(transitions);
    }

    public Uni<Void> onSession(String sessionId, SessionFacts facts) {
        List<Transition> transitions = new ArrayList<>(0);
        monitors.onSession(sessionId, facts, transitions::add);
        return deliver(transitions);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        List<Transition> transitions = new ArrayList<>(0);
        monitors.onTick(clock.millis(), transitions::add);
        return deliver(transitions);
    }

    /** Drops a session's state from this instance (its frames rebuild it). */
    public void forget(String sessionId) {
        monitors.forget(sessionId);
    }

    public Optional<SessionMonitor> monitor(String sessionId) {
        return monitors.of(sessionId);
    }

    private Uni<Void> deliver(List<Transition> transitions) {
        return transitions.isEmpty() ? Uni.createFrom().voidItem() : sink.accept(transitions);
    }
}
