package org.dosewatch.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.dosewatch.monitor.Transition;
import org.dosewatch.rules.AlertSink;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The alert lifecycle in the service. Every change (a rule's transition, an acknowledgement, an
 * escalation) is one transaction: the alert row locked, changed by {@link AlertLifecycle},
 * the events appended to the audit trail; then the events go to {@code vitals.alerts}, keyed by
 * session. An event is marked published once the broker has it; a sweep republishes any that
 * were stored but not confirmed, so none is lost between the two.
 */
@ApplicationScoped
public class AlertService implements AlertSink {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);
    /** Well under the consumer's 60 s limit for a record in processing. */
    private static final Duration STORE_RETRY = Duration.ofSeconds(30);

    private final AlertStore store;
    private final AlertSettings settings;
    private final AlertMetrics metrics;
    private final MutinyEmitter<AlertEvent> alerts;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AlertService(AlertStore store, AlertSettings settings, AlertMetrics metrics,
                        @Channel(Channels.ALERTS_OUT) MutinyEmitter<AlertEvent> alerts, ObjectMapper mapper, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.alerts = alerts;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The rule engine's transitions: stored in order, then published. While the database is
     * away the transaction is tried again for a while, so a short outage delays alerts rather
     * than losing them.
     */
    @Override
    public Uni<Void> accept(List<Transition> transitions) {
        Instant now = clock.instant();
        return store.database().withTransaction(connection -> Multi.createFrom().iterable(transitions)
                        .onItem().transformToUniAndConcatenate(t -> store.lock(connection, t.alertId())
                                .chain(current -> AlertLifecycle.onTransition(current.orElse(null), t, evidence(t), now)
                                        .map(change -> store.write(connection, current.orElse(null), change)
                                                .replaceWith(change.events()))
                                        .orElse(Uni.createFrom().item(List.of()))))
                        .collect().in(ArrayList<AlertEvent>::new, List::addAll))
                .ifNoItem().after(DATABASE_TIMEOUT).fail()
                .onFailure().invoke(e -> Log.warnf("Alert transitions not stored yet (%s); trying again", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5)).expireIn(STORE_RETRY.toMillis())
                .invoke(events -> counted(events, now))
                .call(events -> publish(events, now))
                .replaceWithVoid();
    }

    /**
     * A clinician acknowledges an alert: 404 if there is none, 409 unless it is ACTIVE. Two
     * clinicians at once: the row lock lets one through, the other finds it acknowledged.
     */
    public Uni<Alert> acknowledge(String alertId, String clinician, String note) {
        Instant now = clock.instant();
        return store.database().withTransaction(connection -> store.lock(connection, alertId)
                        .chain(current -> {
                            Alert alert = current.orElseThrow(() -> ProblemException.notFound("alert", alertId));
                            if (alert.state() != AlertState.ACTIVE) {
                                throw ProblemException.conflict("Alert " + alertId + " is " + alert.state()
                                        + (alert.acknowledgedBy() != null ? ", acknowledged by " + alert.acknowledgedBy() : "")
                                        + "; only an ACTIVE alert can be acknowledged");
                            }
                            AlertLifecycle.Change change = AlertLifecycle.acknowledge(alert, clinician, note, now);
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
        return escalateDue(now)
                .chain(() -> republish(now.minus(settings.sweepInterval())))
                .onFailure().invoke(e -> Log.warnf("Alert sweep failed, will try again: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Events stored before {@code olderThan} that the broker never confirmed, sent again. */
    Uni<Void> republish(Instant olderThan) {
        return store.unpublished(olderThan, 500)
                .chain(keys -> Multi.createFrom().iterable(keys)
                        .onItem().transformToUniAndConcatenate(key -> store.event(key[0], Integer.parseInt(key[1])))
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
                .onItem().transformToUniAndConcatenate(event -> alerts.sendMessage(Keyed.bySession(event.sessionId(), event)))
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
