package org.dosewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.Vital;
import org.junit.jupiter.api.Test;

/** The lifecycle of docs/clinical-rules.md, one law at a time. */
class AlertLifecycleTest {

    private static final Duration HIGH = Duration.ofSeconds(60);
    private static final Duration MEDIUM = Duration.ofSeconds(180);

    private static Transition transition(Transition.Type type, RuleId rule, int second) {
        return new Transition(type, "A-" + rule, "KS-1", rule, rule.priority(), Vital.SPO2, 84, 85, 84, "SpO2 84 %",
                T0, T0.plusSeconds(second), Map.of());
    }

    /** The lifecycle for a transition of a session that has not ended. */
    private static Optional<AlertLifecycle.Change> onTransition(Alert current, Transition t, String evidence, Instant now) {
        return AlertLifecycle.onTransition(current, t, evidence, now, null);
    }

    private static Alert raised(RuleId rule) {
        return onTransition(null, transition(Transition.Type.RAISED, rule, 0), null, T0).orElseThrow().alert();
    }

    private static AlertLifecycle.Change after(Alert alert, Transition.Type type, int second) {
        return onTransition(alert, transition(type, alert.rule(), second), null, T0.plusSeconds(second))
                .orElseThrow();
    }

    @Test
    void aRaisedAlertIsActiveWithItsConditionAtVersionOne() {
        Alert alert = raised(RuleId.SPO2_CRITICAL);

        assertThat(alert.state()).isEqualTo(AlertState.ACTIVE);
        assertThat(alert.conditionPresent()).isTrue();
        assertThat(alert.version()).isEqualTo(1);
        assertThat(alert.raisedAt()).isEqualTo(T0);
    }

    @Test
    void aRaisedAlertKeepsItsSessionsRoomPatientAndUnitThroughEveryLaterEvent() {
        Alert alert = AlertLifecycle.onTransition(null, transition(Transition.Type.RAISED, RuleId.SPO2_CRITICAL, 0), null, T0,
                new SessionRecord("3", "MRN-88213", "Ward 7", null)).orElseThrow().alert();

        AlertLifecycle.Change cleared = after(after(alert, Transition.Type.UPDATED, 10).alert(), Transition.Type.CLEARED, 30);

        assertThat(List.of(alert, cleared.alert())).allSatisfy(a -> {
            assertThat(a.room()).isEqualTo("3");
            assertThat(a.patientRef()).isEqualTo("MRN-88213");
            assertThat(a.unit()).isEqualTo("Ward 7");
        });
        assertThat(cleared.events()).singleElement().extracting(AlertEvent::patientRef).isEqualTo("MRN-88213");
    }

    @Test
    void aNonLatchingAlertResolvesWhenItsConditionClears() {
        AlertLifecycle.Change cleared = after(raised(RuleId.SPO2_LOW), Transition.Type.CLEARED, 30);

        assertThat(cleared.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(cleared.alert().resolvedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(cleared.events()).extracting(AlertEvent::event).containsExactly(AlertEventType.RESOLVED);
    }

    @Test
    void aHighAlertLatchesUntilAcknowledgedThenResolves() {
        AlertLifecycle.Change cleared = after(raised(RuleId.SPO2_CRITICAL), Transition.Type.CLEARED, 30);
        assertThat(cleared.alert().state()).isEqualTo(AlertState.ACTIVE);
        assertThat(cleared.alert().conditionPresent()).isFalse();
        assertThat(cleared.events()).extracting(AlertEvent::event).containsExactly(AlertEventType.CLEARED);

        AlertLifecycle.Change acknowledged = AlertLifecycle.acknowledge(cleared.alert(), "dr.okafor", "airway checked",
                AckReason.ACTIONABLE, T0.plusSeconds(40));

        assertThat(acknowledged.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(acknowledged.alert().acknowledgedBy()).isEqualTo("dr.okafor");
        assertThat(acknowledged.events()).extracting(AlertEvent::event)
                .containsExactly(AlertEventType.ACKNOWLEDGED, AlertEventType.RESOLVED);
        assertThat(acknowledged.events()).extracting(AlertEvent::version).containsExactly(3, 4);
        assertThat(acknowledged.events().get(0).by()).isEqualTo("dr.okafor");
        assertThat(acknowledged.events().get(0).note()).isEqualTo("airway checked");
        assertThat(acknowledged.events().get(0).reason()).isEqualTo(AckReason.ACTIONABLE);
        assertThat(acknowledged.events().get(1).reason()).as("the reason belongs to the acknowledgement").isNull();
        assertThat(acknowledged.alert().ackReason()).isEqualTo(AckReason.ACTIONABLE);
    }

    @Test
    void endingTheSessionResolvesEvenALatchedHighAlertSayingWhoEndedItAndNothingEscalatesAfter() {
        AlertLifecycle.Change cleared = after(raised(RuleId.SPO2_CRITICAL), Transition.Type.CLEARED, 30);

        AlertLifecycle.Change ended = AlertLifecycle.onTransition(cleared.alert(),
                transition(Transition.Type.ENDED, RuleId.SPO2_CRITICAL, 40), null, T0.plusSeconds(40),
                new SessionRecord("3", "MRN-88213", null, "dr.okafor")).orElseThrow();

        assertThat(ended.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(ended.alert().resolvedAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(ended.events()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo(AlertEventType.RESOLVED);
            assertThat(event.by()).isEqualTo("dr.okafor");
            assertThat(event.note()).isEqualTo("Session ended by dr.okafor");
        });
        assertThat(AlertLifecycle.escalate(ended.alert(), T0.plusSeconds(600), HIGH, MEDIUM)).isEmpty();
        AlertLifecycle.Change acknowledgedThenEnded = AlertLifecycle.onTransition(
                AlertLifecycle.acknowledge(raised(RuleId.RR_CRITICAL), "dr.okafor", null, null, T0.plusSeconds(5)).alert(),
                transition(Transition.Type.ENDED, RuleId.RR_CRITICAL, 40), null, T0.plusSeconds(40), null).orElseThrow();
        assertThat(acknowledgedThenEnded.alert().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void anAcknowledgedAlertKeepsItsEpisodeAndResolvesWhenTheConditionGoes() {
        Alert acknowledged = AlertLifecycle.acknowledge(raised(RuleId.SPO2_CRITICAL), "dr.okafor", null, null, T0.plusSeconds(5))
                .alert();
        assertThat(acknowledged.state()).isEqualTo(AlertState.ACKNOWLEDGED);

        Alert updated = after(acknowledged, Transition.Type.UPDATED, 10).alert();
        assertThat(updated.state()).isEqualTo(AlertState.ACKNOWLEDGED);

        AlertLifecycle.Change cleared = after(updated, Transition.Type.CLEARED, 60);
        assertThat(cleared.alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(cleared.events()).extracting(AlertEvent::event).containsExactly(AlertEventType.RESOLVED);
    }

    @Test
    void anUnacknowledgedHighAlertEscalatesAfterSixtySecondsAndEverySixtyAfter() {
        Alert alert = raised(RuleId.SPO2_CRITICAL);

        assertThat(AlertLifecycle.escalate(alert, T0.plusSeconds(59), HIGH, MEDIUM)).isEmpty();
        Alert once = AlertLifecycle.escalate(alert, T0.plusSeconds(60), HIGH, MEDIUM).orElseThrow().alert();
        assertThat(once.escalationLevel()).isEqualTo(1);
        assertThat(AlertLifecycle.escalate(once, T0.plusSeconds(119), HIGH, MEDIUM)).isEmpty();
        Alert twice = AlertLifecycle.escalate(once, T0.plusSeconds(120), HIGH, MEDIUM).orElseThrow().alert();
        assertThat(twice.escalationLevel()).isEqualTo(2);
    }

    @Test
    void mediumEscalatesAfterThreeMinutesLowNeverAndAcknowledgedNever() {
        Alert medium = raised(RuleId.SPO2_LOW);
        assertThat(AlertLifecycle.escalate(medium, T0.plusSeconds(179), HIGH, MEDIUM)).isEmpty();
        assertThat(AlertLifecycle.escalate(medium, T0.plusSeconds(180), HIGH, MEDIUM)).isPresent();

        assertThat(AlertLifecycle.escalate(raised(RuleId.SENSOR_STALE), T0.plusSeconds(3600), HIGH, MEDIUM)).isEmpty();

        Alert acknowledged = AlertLifecycle.acknowledge(raised(RuleId.SPO2_CRITICAL), "dr.okafor", null, null, T0.plusSeconds(5))
                .alert();
        assertThat(AlertLifecycle.escalate(acknowledged, T0.plusSeconds(600), HIGH, MEDIUM)).isEmpty();
    }

    @Test
    void aReplayedTransitionChangesNothing() {
        Alert alert = raised(RuleId.SPO2_CRITICAL);
        Alert updated = after(alert, Transition.Type.UPDATED, 10).alert();

        assertThat(onTransition(updated, transition(Transition.Type.RAISED, RuleId.SPO2_CRITICAL, 0), null,
                T0.plusSeconds(20))).as("raised again").isEmpty();
        assertThat(onTransition(updated, transition(Transition.Type.UPDATED, RuleId.SPO2_CRITICAL, 10), null,
                T0.plusSeconds(20))).as("the same update again").isEmpty();
        assertThat(onTransition(updated, transition(Transition.Type.UPDATED, RuleId.SPO2_CRITICAL, 5), null,
                T0.plusSeconds(20))).as("an older update").isEmpty();
    }

    @Test
    void aRuleThatEscalatesItsOwnAlertRaisesItsPriority() {
        Alert loss = onTransition(null, new Transition(Transition.Type.RAISED, "A-loss", "KS-1",
                RuleId.SIGNAL_LOSS, Priority.MEDIUM, null, 15, 15, 15, "No frame", T0, T0.plusSeconds(15), Map.of()), null, T0)
                .orElseThrow().alert();

        AlertLifecycle.Change escalated = onTransition(loss, new Transition(Transition.Type.ESCALATED,
                "A-loss", "KS-1", RuleId.SIGNAL_LOSS, Priority.HIGH, null, 60, 15, 60, "No frame for 60 s", T0,
                T0.plusSeconds(60), Map.of()), null, T0.plusSeconds(60)).orElseThrow();

        assertThat(escalated.alert().priority()).isEqualTo(Priority.HIGH);
        assertThat(escalated.alert().latching()).isTrue();
        assertThat(escalated.events()).extracting(AlertEvent::event).containsExactly(AlertEventType.ESCALATED);
    }
}
