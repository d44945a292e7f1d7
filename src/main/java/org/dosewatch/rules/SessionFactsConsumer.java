package org.dosewatch.rules;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.session.Baseline;
import org.dosewatch.session.SessionEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Every instance reads all session changes from the start of the compacted sessions topic, so
 * whichever instance evaluates a session's readings knows its drug, route, dose and end.
 */
@ApplicationScoped
public class SessionFactsConsumer {

    private final RuleEngine engine;
    private final RuleProfiles profiles;
    private final ObjectMapper mapper;

    public SessionFactsConsumer(RuleEngine engine, RuleProfiles profiles, ObjectMapper mapper) {
        this.engine = engine;
        this.profiles = profiles;
        this.mapper = mapper;
    }

    @Incoming(Channels.SESSIONS_IN)
    public Uni<Void> consume(byte[] json) {
        SessionEvent event;
        try {
            event = mapper.readValue(json, SessionEvent.class);
        } catch (java.io.IOException | RuntimeException e) {
            // Written only by DoseWatch itself: a record it cannot read is a bug to see, not a reason to stop.
            Log.errorf("Unreadable session event skipped: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return engine.onSession(event.sessionId(), facts(event));
    }

    private SessionFacts facts(SessionEvent event) {
        return new SessionFacts(event.drug() == null ? Drug.KETAMINE : event.drug(), event.route(), event.doseAt(),
                event.endedAt(), Duration.ofSeconds(event.administrationSeconds()), baseline(event.baseline()),
                profile(event));
    }

    private RuleProfile profile(SessionEvent event) {
        try {
            return profiles.with(event.ruleOverrides());
        } catch (RuleProfiles.InvalidRuleOverride e) {
            // Checked at registration; a setting renamed since then falls back to the defaults, loudly.
            Log.errorf("Session %s: %s; using the default rule profile", event.sessionId(), e.getMessage());
            return profiles.defaults();
        }
    }

    private static BaselineVitals baseline(Baseline given) {
        if (given == null) {
            return BaselineVitals.UNKNOWN;
        }
        return new BaselineVitals(value(given.hr), value(given.sbp), value(given.dbp), value(given.rr), value(given.spo2),
                value(given.etco2));
    }

    private static double value(Double value) {
        return value == null ? Double.NaN : value;
    }
}
