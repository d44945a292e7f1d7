package org.dosewatch.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Monitors;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.TransitionSink;
import org.dosewatch.reading.Reading;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The rule engine in the service: one {@link SessionMonitor} per session this instance
 * evaluates, fed with admitted readings, the session facts, and a wall-clock tick every second.
 * Transitions go to the {@link TransitionLog} while the session's monitor is held, so a tick
 * and a frame of one session can never overtake each other on their way to the alert store.
 */
@ApplicationScoped
public class RuleEngine {

    private final Monitors monitors;
    private final TransitionLog log;
    private final Clock clock;

    public RuleEngine(RuleProfiles profiles, TransitionLog log, Clock clock, MeterRegistry registry) {
        RuleProfile profile = profiles.defaults();
        this.monitors = new Monitors(sessionId -> profile);
        this.log = log;
        this.clock = clock;
        Gauge.builder("dosewatch.sessions.monitored", monitors, Monitors::size)
                .description("Sessions whose rules this instance evaluates").register(registry);
        Log.infof("Rule profile %s loaded", profile.name());
    }

    /** Evaluates an admitted reading; completes once the broker has its transitions (if any). */
    public Uni<Void> evaluate(Reading reading) {
        Sent sent = new Sent();
        monitors.onReading(reading, clock.millis(), sent);
        return sent.done();
    }

    public Uni<Void> onSession(String sessionId, SessionFacts facts) {
        Sent sent = new Sent();
        monitors.onSession(sessionId, facts, sent);
        return sent.done();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        Sent sent = new Sent();
        monitors.onTick(clock.millis(), sent);
        return sent.done()
                .onFailure().invoke(e -> Log.errorf("Transitions of the clock tick could not be written: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Drops a session's state from this instance (its frames rebuild it). */
    public void forget(String sessionId) {
        monitors.forget(sessionId);
    }

    public Optional<SessionMonitor> monitor(String sessionId) {
        return monitors.of(sessionId);
    }

    /** The sends of one evaluation, made as the rules emit them. */
    private final class Sent implements TransitionSink {
        private final List<CompletableFuture<Void>> sends = new ArrayList<>(0);

        @Override
        public void accept(Transition transition) {
            sends.add(log.append(transition));
        }

        Uni<Void> done() {
            if (sends.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().completionStage(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
        }
    }
}
