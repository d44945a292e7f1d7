package org.dosewatch.rules;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.session.Baseline;
import org.dosewatch.session.SessionEvent;
import org.dosewatch.session.SessionView;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

/**
 * Reads a session's record as {@code vitals.sessions} carries it into what the rules need:
 * drug, route, dose, end, the route's administration time, a given baseline and the session's
 * own rule profile.
 */
@ApplicationScoped
public class SessionFactsReader {

    private final RuleProfiles profiles;
    private final ObjectMapper mapper;

    public SessionFactsReader(RuleProfiles profiles, ObjectMapper mapper) {
        this.profiles = profiles;
        this.mapper = mapper;
    }

    /** The facts of a session; those of a session known only from its readings when there is no record. */
    public SessionFacts read(String sessionId, byte[] json) {
        if (json == null) {
            return SessionFacts.UNREGISTERED;
        }
        SessionEvent event;
        try {
            event = mapper.readValue(json, SessionEvent.class);
        } catch (IOException | RuntimeException e) {
            // Written only by DoseWatch itself: a record it cannot read is a bug to see, not a reason to stop.
            Log.errorf("Session %s: unreadable session record, evaluated as unregistered: %s", sessionId, e.getMessage());
            return SessionFacts.UNREGISTERED;
        }
        return facts(event);
    }

    /** The facts of a session record. */
    public SessionFacts facts(SessionEvent event) {
        return new SessionFacts(event.drug() == null ? Drug.KETAMINE : event.drug(), event.route(), event.doseAt(),
                event.endedAt(), Duration.ofSeconds(event.administrationSeconds()), baseline(event.baseline()),
                profile(event), new SessionFacts.Label(event.room(), event.patientRef(), event.unit()), recorded(event), recovery(event));
    }

    private static SessionFacts.Recovery recovery(SessionEvent event) {
        SessionView.Recovery r = event.recovery();
        if (r == null) {
            return SessionFacts.Recovery.NONE;
        }
        return new SessionFacts.Recovery(r.moaas(), r.aldrete(), Boolean.TRUE.equals(r.sedation()),
                Boolean.TRUE.equals(r.dissociation()), Boolean.TRUE.equals(r.respiratoryDepression()));
    }

    private static SessionFacts.Recorded recorded(SessionEvent event) {
        SessionView.Recorded r = event.recorded();
        if (r == null) {
            return SessionFacts.Recorded.NONE;
        }
        return new SessionFacts.Recorded(Boolean.TRUE.equals(r.supplementalO2()),
                r.consciousness() != null && r.consciousness().newConfusion(),
                r.temperature() == null ? Double.NaN : r.temperature());
    }

    /** The rule profile the facts name, or the default one. */
    public RuleProfile profile(SessionFacts facts) {
        return facts.profile() != null ? facts.profile() : profiles.defaults();
    }

    private RuleProfile profile(SessionEvent event) {
        return profiles.recorded(event.sessionId(), event.ruleOverrides());
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
