package org.dosewatch.session;

import org.dosewatch.monitor.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.alert.Alert;
import org.dosewatch.alert.AlertState;
import org.dosewatch.alert.AlertQueries;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionSnapshot;
import org.dosewatch.reading.LatestVitals;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.rules.RuleProfiles;
import org.dosewatch.web.ProblemException;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Creates, doses and ends sessions; every change is one transaction with the acting clinician,
 * and writes its event for {@code vitals.sessions} into the outbox in that same transaction.
 */
@ApplicationScoped
public class SessionService {

    /**
     * A dose or an observation may be recorded after the fact, and a recorded session replayed,
     * so past times are taken; one before this is a mistyped date (and a year PostgreSQL cannot
     * store).
     */
    static final Instant OLDEST_DOSE = Instant.parse("2000-01-01T00:00:00Z");

    private final SessionSettings settings;
    private final LatestVitals latest;
    private final RuleEngine rules;
    private final RuleProfiles profiles;
    private final AlertQueries alerts;
    private final SessionEvents events;
    private final PublishedStatuses statuses;
    private final Clock clock;

    public SessionService(SessionSettings settings, LatestVitals latest, RuleEngine rules, RuleProfiles profiles,
                          AlertQueries alerts, SessionEvents events, PublishedStatuses statuses, Clock clock) {
        this.settings = settings;
        this.latest = latest;
        this.rules = rules;
        this.profiles = profiles;
        this.alerts = alerts;
        this.events = events;
        this.statuses = statuses;
        this.clock = clock;
    }

    /**
     * Registers a session. A session the monitor opened first (registered false) is taken over
     * and completed, so a clinician can start the monitor before filling in the record.
     */
    @WithTransaction
    public Uni<SessionView> create(NewSession request, String clinician) {
        if (request.profile() != null && !request.profile().equals(settings.defaultProfile())) {
            throw ProblemException.badRequest("profile: unknown profile '" + request.profile() + "'; known: " + settings.defaultProfile());
        }
        try {
            profiles.with(request.ruleOverrides());
        } catch (RuleProfiles.InvalidRuleOverride e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        String id = request.id() != null ? request.id() : newId();
        return DosingSession.<DosingSession>findById(id).chain(existing -> {
            if (existing != null && existing.registered) {
                throw ProblemException.conflict("Session '" + id + "' already exists");
            }
            DosingSession session = existing != null ? existing : new DosingSession();
            if (existing == null) {
                session.id = id;
                session.createdAt = clock.instant();
            }
            session.registered = true;
            session.createdBy = clinician;
            session.patientRef = request.patientRef();
            session.room = request.room();
            session.unit = request.unit();
            session.drug = request.drug();
            session.route = request.route();
            session.plannedDoseMg = request.plannedDoseMg();
            session.weightKg = request.weightKg();
            session.profile = request.profile() != null ? request.profile() : settings.defaultProfile();
            session.baseline = request.baseline() == null || request.baseline().isEmpty() ? null : request.baseline();
            session.ruleOverrides = request.ruleOverrides() == null ? Map.of() : Map.copyOf(request.ruleOverrides());
            Log.infof("Session %s registered by %s (%s %s)%s", id, clinician, session.drug, session.route,
                    existing != null ? ", taking over the session its monitor opened" : "");
            return existing != null ? Uni.createFrom().item(session) : session.<DosingSession>persist();
        }).chain(this::view).chain(events::record);
    }

    @WithSession
    public Uni<List<SessionView>> list(String state, String unit) {
        SessionFilter filter = SessionFilter.parse(state);
        // Open sessions are asked of the database: the feed's snapshot wants only those.
        String where = (filter.onlyOpen() ? "endedAt is null" : "1 = 1") + (unit == null ? "" : " and unit = :unit");
        Map<String, Object> parameters = unit == null ? Map.of() : Map.of("unit", unit);
        Uni<List<DosingSession>> sessions = DosingSession.list(where, Sort.descending("createdAt"), parameters);
        return sessions
                .chain(all -> alerts.list(null, null, null, true, 10_000).map(open -> {
                    Map<String, List<Alert>> bySession = open.stream().collect(Collectors.groupingBy(Alert::sessionId));
                    return all.stream()
                            .map(session -> view(session, bySession.getOrDefault(session.id, List.of())))
                            .filter(filter::accepts)
                            .toList();
                }));
    }

    @WithSession
    public Uni<SessionView> get(String id) {
        return find(id).chain(this::view);
    }

    @WithTransaction
    public Uni<SessionView> dose(String id, DoseRecord dose, String clinician) {
        return find(id).call(session -> alerts.list(AlertState.ACTIVE, id, null, false, 100).invoke(active -> {
            if (active.stream().anyMatch(alert -> alert.rule() == RuleId.PREDOSE_BP_HIGH)) {
                throw ProblemException.conflict("Session '" + id + "': the pre-dose blood pressure is above the limit "
                        + "(PREDOSE_BP_HIGH); a clinician must acknowledge that alert before the dose is recorded");
            }
        })).map(session -> {
            Phase phase = phase(session);
            if (phase == Phase.ENDED) {
                throw ProblemException.conflict("Session '" + id + "' has ended; no dose can be recorded");
            }
            if (session.doseAt != null) {
                throw ProblemException.conflict("Session '" + id + "' already has a dose recorded at " + session.doseAt);
            }
            Instant now = clock.instant();
            Instant at = dose.at() != null ? dose.at() : now;
            if (at.isAfter(now.plusSeconds(60))) {
                throw ProblemException.badRequest("at", "a dose cannot be recorded in the future");
            }
            if (at.isBefore(OLDEST_DOSE)) {
                throw ProblemException.badRequest("at", "must not be before " + OLDEST_DOSE);
            }
            session.doseMg = dose.doseMg();
            session.doseAt = at;
            session.dosedBy = clinician;
            Log.infof("Session %s: dose %s mg recorded by %s at %s", id, dose.doseMg(), clinician, at);
            return session;
        }).chain(this::view).chain(events::record);
    }

    @WithTransaction
    public Uni<SessionView> end(String id, String clinician) {
        return find(id).map(session -> {
            Phase phase = phase(session);
            if (phase == Phase.ENDED) {
                throw ProblemException.conflict("Session '" + id + "' already ended at " + session.endedAt);
            }
            // The timeline alone never says DISCHARGE_READY: the rule engine does, on whichever instance evaluates it.
            // One snapshot, read whole: phase and readyAt from the same moment of the rules.
            java.util.Optional<SessionSnapshot> snapshot = rules.snapshot(id);
            boolean ready = phase == Phase.OBSERVATION && (snapshot.map(m -> m.phase() == Phase.DISCHARGE_READY)
                    .orElse(false) || statuses.publishedPhase(id).orElse(null) == Phase.DISCHARGE_READY);
            // When the patient first met every criterion, for the REMS form, from whichever instance evaluated it.
            Instant readyAt = snapshot.map(m -> m.discharge().readyAt())
                    .orElseGet(() -> statuses.publishedDischarge(id).map(DischargeView::readyAt).orElse(null));
            session.readyAt = readyAt;
            session.endedAt = clock.instant();
            session.endedBy = clinician;
            session.dischargeReadyAtEnd = ready;
            Log.infof("Session %s ended by %s in phase %s", id, clinician, ready ? Phase.DISCHARGE_READY : phase);
            return session;
        }).chain(this::view).chain(events::record);
    }

    /**
     * Records a nurse observation (docs/contract.md section 6). One that records consciousness,
     * supplemental oxygen or temperature also updates the session's recorded NEWS2 parameters,
     * which the rule engine scores from then on; one with a recovery finding (MOAA/S, Aldrete,
     * the sedation, dissociation and respiratory-depression flags) updates what the discharge
     * gate reads. The rule engine learns both through the session's event, in the same
     * transaction.
     */
    @WithTransaction
    public Uni<Observation> observe(String id, NewObservation body, String by) {
        if (!body.observesSomething()) {
            throw ProblemException.badRequest("an observation needs at least one finding besides 'at': moaas, rass, cadss, "
                    + "aldrete, consciousness, supplementalO2, temperature, sedation, dissociation, respiratoryDepression or note");
        }
        Instant now = clock.instant();
        Instant at = body.at() != null ? body.at() : now;
        if (at.isAfter(now.plusSeconds(60))) {
            throw ProblemException.badRequest("at", "an observation cannot be recorded in the future");
        }
        if (at.isBefore(OLDEST_DOSE)) {
            throw ProblemException.badRequest("at", "must be after " + OLDEST_DOSE);
        }
        return find(id).chain(session -> {
            if (phase(session) == Phase.ENDED) {
                throw ProblemException.conflict("Session '" + id + "' ended at " + session.endedAt + "; no observation can be added");
            }
            Observation observation = Observation.of(id, body, at, now, by);
            Uni<Observation> stored = observation.<Observation>persist();
            if (!body.scoresNews2() && !body.assessesRecovery()) {
                return stored;
            }
            // The newest value of each finding by the time it was observed: one recorded late
            // for an earlier time does not replace a later one.
            return stored.call(() -> Observation.ofSession(id)
                            .invoke(session::takeNewestFindings))
                    .call(() -> view(session).chain(events::record));
        });
    }

    /** A session's observations, oldest first. */
    @WithSession
    public Uni<List<Observation>> observations(String id) {
        return find(id).chain(session -> Observation.ofSession(id));
    }

    /** A session's record with its observations in the order they were made: what an export or a replay reads. */
    public record Record(DosingSession session, List<Observation> observations, Duration administration) {

        public List<SessionTimeline.Entry> timeline() {
            return SessionTimeline.of(session, observations, administration);
        }
    }

    @WithSession
    public Uni<Record> record(String id) {
        return find(id).chain(session -> Observation.ofSession(id)
                .map(observations -> new Record(session, observations, settings.administration(session.route))));
    }

    private Uni<DosingSession> find(String id) {
        return DosingSession.<DosingSession>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("session", id));
    }

    private Phase phase(DosingSession session) {
        return session.phaseAt(clock.instant(), settings.administration(session.route));
    }

    private Uni<SessionView> view(DosingSession session) {
        return alerts.list(null, session.id, null, true, 1000).map(open -> view(session, open));
    }

    private SessionView view(DosingSession session, List<Alert> activeAlerts) {
        SessionSnapshot monitor = rules.snapshot(session.id).orElse(null);
        Phase timeline = phase(session);
        return SessionView.of(session, timeline, latest.of(session.id).orElse(null), monitor,
                discharge(session, timeline, monitor, activeAlerts), activeAlerts);
    }

    /**
     * The discharge gate: from the rule engine where this instance evaluates the session, else
     * from the status the evaluating instance published, else (no vitals evaluated now, or the
     * session ended) from the record alone. The ACTIVE alerts are always the alert lifecycle's.
     */
    private DischargeView discharge(DosingSession session, Phase timeline, SessionSnapshot monitor, List<Alert> activeAlerts) {
        int active = (int) activeAlerts.stream().filter(alert -> alert.state() == AlertState.ACTIVE).count();
        RuleProfile.Discharge settings = profiles.recorded(session.id, session.ruleOverrides).discharge();
        if (timeline != Phase.ENDED && monitor != null) {
            return DischargeView.of(monitor.discharge(), active).withRecovery(session, settings);
        }
        return (timeline == Phase.ENDED ? java.util.Optional.<DischargeView>empty() : statuses.publishedDischarge(session.id))
                .map(published -> published.withActiveAlerts(active).withRecovery(session, settings))
                .orElseGet(() -> DischargeView.fromRecord(session, settings, clock.instant(), active));
    }

    private static String newId() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "KS-" + HexFormat.of().formatHex(random).toUpperCase(Locale.ROOT);
    }
}
