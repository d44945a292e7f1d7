package org.dosewatch.rules;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;

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
        Event event;
        try {
            event = mapper.readValue(json, Event.class);
        } catch (IOException | RuntimeException e) {
            // Written only by DoseWatch itself: a record it cannot read is a bug to see, not a reason to stop.
            Log.errorf("Session %s: unreadable session record, evaluated as unregistered: %s", sessionId, e.getMessage());
            return SessionFacts.UNREGISTERED;
        }
        return facts(event);
    }

    /**
     * A session's record as the sessions topic carries it (docs/contract.md, the session events),
     * read for what the rules need; unknown fields are left, so the record may grow.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Event(String sessionId, boolean registered, Drug drug, Route route, Instant doseAt, Instant endedAt,
                 long administrationSeconds, Values baseline, Map<String, String> ruleOverrides, String room,
                 String patientRef, String unit, Recorded recorded, Recovery recovery) {
    }

    /** A baseline as recorded: any value may be missing. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Values(Double hr, Double sbp, Double dbp, Double rr, Double spo2, Double etco2) {
    }

    /** NEWS2 parameters a nurse recorded; consciousness on the ACVPU scale (anything but A is new confusion). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Recorded(String consciousness, Boolean supplementalO2, Double temperature) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Recovery(Integer moaas, Integer aldrete, Boolean sedation, Boolean dissociation, Boolean respiratoryDepression) {
    }

    /** The facts of a session record, given as any object of the sessions topic's shape. */
    public SessionFacts facts(Object record) {
        return facts(mapper.convertValue(record, Event.class));
    }

    private SessionFacts facts(Event event) {
        return new SessionFacts(event.drug() == null ? Drug.KETAMINE : event.drug(), event.route(), event.doseAt(),
                event.endedAt(), Duration.ofSeconds(event.administrationSeconds()), baseline(event.baseline()),
                profile(event), new SessionFacts.Label(event.room(), event.patientRef(), event.unit()), recorded(event), recovery(event));
    }

    private static SessionFacts.Recovery recovery(Event event) {
        Recovery r = event.recovery();
        if (r == null) {
            return SessionFacts.Recovery.NONE;
        }
        return new SessionFacts.Recovery(r.moaas(), r.aldrete(), Boolean.TRUE.equals(r.sedation()),
                Boolean.TRUE.equals(r.dissociation()), Boolean.TRUE.equals(r.respiratoryDepression()));
    }

    private static SessionFacts.Recorded recorded(Event event) {
        Recorded r = event.recorded();
        if (r == null) {
            return SessionFacts.Recorded.NONE;
        }
        return new SessionFacts.Recorded(Boolean.TRUE.equals(r.supplementalO2()),
                r.consciousness() != null && !r.consciousness().equals("A"),
                r.temperature() == null ? Double.NaN : r.temperature());
    }

    /** The rule profile the facts name, or the default one. */
    public RuleProfile profile(SessionFacts facts) {
        return facts.profile() != null ? facts.profile() : profiles.defaults();
    }

    private RuleProfile profile(Event event) {
        return profiles.recorded(event.sessionId(), event.ruleOverrides());
    }

    private static BaselineVitals baseline(Values given) {
        if (given == null) {
            return BaselineVitals.UNKNOWN;
        }
        return new BaselineVitals(value(given.hr()), value(given.sbp()), value(given.dbp()), value(given.rr()),
                value(given.spo2()), value(given.etco2()));
    }

    private static double value(Double value) {
        return value == null ? Double.NaN : value;
    }
}
