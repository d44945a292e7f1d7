package org.dosewatch.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.dosewatch.monitor.Transition;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The alert lifecycle in the service. Every change (a batch of the rules' transitions, an
 * acknowledgement, an escalation) is one transaction: the alert rows locked, changed by
 * {@link AlertLifecycle}, the events appended to the audit trail; then the events go to
 * {@code vitals.alerts}, keyed by session. An event is marked published once the broker has it; a sweep republishes any that
 * were stored but not confirmed, so none is lost between the two.
 */
@ApplicationScoped
public class AlertService {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);
    /** Alert events on their way to the broker at once. */
    static final int PUBLISH_IN_FLIGHT = 512;

    private final AlertStore store;
    private final AlertQueries queries;
    private final AlertSettings settings;
    private final AlertMetrics metrics;
    private final MutinyEmitter<AlertEvent> alerts;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AlertService(AlertStore store, AlertQueries queries, AlertSettings settings, AlertMetrics metrics,
                        @Channel(Channels.ALERTS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8 * PUBLISH_IN_FLIGHT)
                        MutinyEmitter<AlertEvent> alerts, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.settings = settings;
        this.metrics = metrics;
        this.alerts = alerts;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The rule engine's transitions, as they come off the transitions topic: applied in order in
     * one transaction (the batch's alerts locked together), then published. A transition an
     * alert already reflects changes nothing, so a batch read again after a crash stores nothing
     * twice. While the database is away the batch waits and is tried again, for as long as it
     * takes: nothing is acknowledged before it is stored. A batch the database refuses while it
     * is up is applied one transition at a time, so one bad transition cannot hold up the others.
     */
    public Uni<Void> apply(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store(transitions)
                .onFailure().recoverWithUni(e -> databaseUp().chain(up -> up ? oneByOne(transitions) : Uni.createFrom().failure(e)))
                .onFailure().invoke(e -> Log.warnf("%d alert transitions not stored yet (%s); trying again", transitions.size(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid();
    }

    private Uni<List<AlertEvent>> store(List<Transition> transitions) {
        Instant now = clock.instant();
        Set<String> ids = new LinkedHashSet<>();
        transitions.forEach(t -> ids.add(t.alertId()));
        // A raised alert keeps its session's room, patient and unit; an ended one says who ended it.
        Set<String> recorded = new LinkedHashSet<>();
        transitions.stream().filter(t -> t.type() == Transition.Type.RAISED || t.type() == Transition.Type.ENDED)
                .forEach(t -> recorded.add(t.sessionId()));
        return store.database().withTransaction(connection -> store.lockAll(connection, ids)
                .chain(found -> store.sessions(connection, recorded).map(sessions -> Map.entry(found, sessions)))
                .chain(read -> {
                    Map<String, Alert> found = read.getKey();
                    Map<String, SessionRecord> sessions = read.getValue();
                    Map<String, Alert> current = new HashMap<>(found);
                    Map<String, List<AlertEvent>> events = new LinkedHashMap<>();
                    for (Transition t : transitions) {
                        AlertLifecycle.onTransition(current.get(t.alertId()), t, evidence(t), now, sessions.get(t.sessionId())).ifPresent(change -> {
                            current.put(t.alertId(), change.alert());
                            events.computeIfAbsent(t.alertId(), id -> new ArrayList<>()).addAll(change.events());
                        });
                    }
                    List<Alert> before = new ArrayList<>();
                    List<AlertLifecycle.Change> changes = new ArrayList<>();
                    events.forEach((id, list) -> {
                        before.add(found.get(id));
                        changes.add(new AlertLifecycle.Change(current.get(id), list));
                    });
                    List<AlertEvent> all = events.values().stream().flatMap(List::stream).toList();
                    return store.writeAll(connection, before, changes).replaceWith(all);
                }))
                .ifNoItem().after(DATABASE_TIMEOUT).fail()
                .invoke(events -> counted(events, now))
                .call(events -> publish(events, now));
    }

    private Uni<List<AlertEvent>> oneByOne(List<Transition> transitions) {
        return Multi.createFrom().iterable(transitions)
                .onItem().transformToUniAndConcatenate(t -> store(List.of(t))
                        .onFailure().recoverWithUni(e -> databaseUp().map(up -> {
                            if (!up) {
                                throw new IllegalStateException("database unreachable", e);
                            }
                            metrics.unstorable(t);
                            Log.errorf("Transition %s of alert %s (%s, session %s) refused by the database and set aside: %s",
                                    t.type(), t.alertId(), t.rule(), t.sessionId(), e.getMessage());
                            return List.<AlertEvent>of();
                        })))
                .collect().in(ArrayList<AlertEvent>::new, List::addAll);
    }

    private Uni<Boolean> databaseUp() {
        return store.database().query("SELECT 1").execute().map(rows -> true)
                .ifNoItem().after(DATABASE_TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
    }

    /**
     * A clinician acknowledges an alert: 404 if there is none, 409 unless it is ACTIVE. Two
     * clinicians at once: the row lock lets one through, the other finds it acknowledged.
     */
    public Uni<Alert> acknowledge(String alertId, String clinician, String note, AckReason reason) {
        Instant now = clock.instant();
        return store.database().withTransaction(connection -> store.lock(connection, alertId)
                        .chain(current -> {
                            Alert alert = current.orElseThrow(() -> ProblemException.notFound("alert", alertId));
                            if (alert.state() != AlertState.ACTIVE) {
                                throw ProblemException.conflict("Alert " + alertId + " is " + alert.state()
                                        + (alert.acknowledgedBy() != null ? ", acknowledged by " + alert.acknowledgedBy() : "")
                                        + "; only an ACTIVE alert can be acknowledged");
                            }
                            AlertLifecycle.Change change = AlertLifecycle.acknowledge(alert, clinician, note, reason, now);
                            metrics.acknowledged(alert, now);
                            Log.infof("Alert %s (%s, session %s) acknowledged by %s", alertId, alert.rule(),
                                    alert.sessionId(), clinician);
                            return store.write(connection, alert, change).replaceWith(change);
                        }))
                .ifNoItem().after(DATABASE_TIMEOUT).fail()
                .invoke(change -> counted(change.events(), now))
                .call(change -> publish(change.events(), now))
                .map(AlertLifecycle.Change::alert);
    }

    /**
     * Resolves every alert still open on a session that has ended (a latched HIGH alert, one
     * acknowledged but not yet clear), with who ended the session: run when a session ends and
     * at every sweep, so none keeps escalating for a patient who has left.
     */
    public Uni<Integer> resolveEndedSessions(Instant now) {
        return store.database().withTransaction(connection -> store.lockOpenOfEndedSessions(connection)
                        .chain(open -> Multi.createFrom().iterable(open)
                                .onItem().transformToUniAndConcatenate(o -> {
                                    AlertLifecycle.Change change = AlertLifecycle.sessionEnded(o.alert(), o.alert().readingTs(), now, o.endedBy());
                                    return store.write(connection, o.alert(), change).replaceWith(change.events());
                                })
                                .collect().in(ArrayList<AlertEvent>::new, List::addAll)))
                .invoke(events -> counted(events, now))
                .call(events -> publish(events, now))
                .map(List::size);
    }

    /** Escalates every ACTIVE alert nobody acknowledged whose interval has passed at {@code now}. */
    public Uni<Integer> escalateDue(Instant now) {
        return store.database().withTransaction(connection -> store
                        .lockEscalationCandidates(connection, now.minus(settings.escalateHighAfter()),
                                now.minus(settings.escalateMediumAfter()))
                        .chain(candidates -> Multi.createFrom().iterable(candidates)
                                .onItem().transformToUniAndConcatenate(alert -> AlertLifecycle
                                        .escalate(alert, now, settings.escalateHighAfter(), settings.escalateMediumAfter())
                                        .map(change -> store.write(connection, alert, change).replaceWith(change.events()))
                                        .orElse(Uni.createFrom().item(List.of())))
                                .collect().in(ArrayList<AlertEvent>::new, List::addAll)))
                .invoke(events -> counted(events, now))
                .call(events -> publish(events, now))
                .map(List::size);
    }

    @Scheduled(every = "${dosewatch.alerts.sweep-interval:PT5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return resolveEndedSessions(now)
                .chain(() -> escalateDue(now))
                .chain(() -> republish(now.minus(settings.sweepInterval())))
                .onFailure().invoke(e -> Log.warnf("Alert sweep failed, will try again: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Events stored before {@code olderThan} that the broker never confirmed, sent again. */
    Uni<Void> republish(Instant olderThan) {
        return store.unpublished(olderThan, 500)
                .chain(keys -> Multi.createFrom().iterable(keys)
                        .onItem().transformToUniAndConcatenate(key -> queries.event(key[0], Integer.parseInt(key[1])))
                        .collect().asList())
                .map(found -> found.stream().flatMap(Optional::stream).toList())
                .call(events -> events.isEmpty() ? Uni.createFrom().voidItem() : publish(events, clock.instant()))
                .replaceWithVoid();
    }

    private Uni<Void> publish(List<AlertEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(events)
                // Sent together, in order: the producer keeps a session's events in order on its partition,
                // and a batch waits for one round trip instead of one per event.
                .onItem().transformToUni(event -> alerts.sendMessage(Keyed.bySession(event.sessionId(), event.unit(), event)))
                .merge(PUBLISH_IN_FLIGHT)
                .collect().last()
                .chain(() -> store.markPublished(events, clock.instant()))
                .onFailure().invoke(e -> Log.warnf("%d alert events stored but not yet published (%s); the sweep will send them",
                        events.size(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void counted(List<AlertEvent> events, Instant now) {
        events.forEach(event -> metrics.stored(event, now));
    }

    private String evidence(Transition t) {
        if (t.evidence() == null || t.evidence().isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(t.evidence());
        } catch (JsonProcessingException e) {
            return mapper.valueToTree(Map.of("unreadable", e.getOriginalMessage())).toString();
        }
    }
}
