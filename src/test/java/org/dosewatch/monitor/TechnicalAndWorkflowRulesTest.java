package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Technical rules (the monitor itself) and workflow rules (the dosing protocol). */
class TechnicalAndWorkflowRulesTest {

    @Test
    void aSilentMonitorIsNoticedOnTheWallClockAndEscalated() {
        Ward ward = Ward.session().dosed().calm(10);
        long last = ward.second() - 1;

        ward.tickAtWallSecond(last + 14);
        assertThat(ward.of(RuleId.SIGNAL_LOSS)).isEmpty();
        ward.tickAtWallSecond(last + 15);
        assertThat(ward.of(RuleId.SIGNAL_LOSS)).extracting(Transition::type).containsExactly(Transition.Type.RAISED);
        assertThat(ward.of(RuleId.SIGNAL_LOSS).get(0).priority()).isEqualTo(Priority.MEDIUM);
        ward.tickAtWallSecond(last + 30).tickAtWallSecond(last + 60).tickAtWallSecond(last + 61);

        assertThat(ward.of(RuleId.SIGNAL_LOSS)).extracting(Transition::type)
                .containsExactly(Transition.Type.RAISED, Transition.Type.ESCALATED);
        assertThat(ward.of(RuleId.SIGNAL_LOSS).get(1).priority()).isEqualTo(Priority.HIGH);

        ward.silence(70).calm(1);
        assertThat(ward.of(RuleId.SIGNAL_LOSS)).extracting(Transition::type)
                .containsExactly(Transition.Type.RAISED, Transition.Type.ESCALATED, Transition.Type.CLEARED);
    }

    @Test
    void framesThatArriveLateClearTheSignalLossTheWallClockRaised() {
        Ward ward = Ward.session().dosed().calm(10);
        long last = ward.second() - 1;
        ward.tickAtWallSecond(last + 20);

        // A stalled partition delivers the frames that were sent meanwhile: older than the loss.
        ward.calm(1);

        List<Transition> loss = ward.of(RuleId.SIGNAL_LOSS);
        assertThat(loss).extracting(Transition::type).containsExactly(Transition.Type.RAISED, Transition.Type.CLEARED);
        assertThat(loss.get(1).readingTs()).as("dated after the raise, so the store takes it as news")
                .isAfter(loss.get(0).readingTs());
    }

    @Test
    void aGapInAReplayedStreamIsSeenInDeviceTime() {
        Ward ward = Ward.session().dosed().calm(10).silence(40).calm(5);

        List<Transition> loss = ward.of(RuleId.SIGNAL_LOSS);
        assertThat(loss).extracting(Transition::type).containsExactly(Transition.Type.RAISED, Transition.Type.CLEARED);
        assertThat(loss.get(0).onsetTs()).isEqualTo(Ward.T0.plusSeconds(9));
        assertThat(ward.isOpen(RuleId.SIGNAL_LOSS)).isFalse();

        Ward shortGap = Ward.session().dosed().calm(10).silence(13).calm(5);
        assertThat(shortGap.of(RuleId.SIGNAL_LOSS)).as("a 14 s gap").isEmpty();
    }

    @Test
    void aVitalMissingFromTheFramesForThirtySecondsIsStale() {
        Ward ward = Ward.session().dosed().calm(10);
        ward.frames(29, t -> 72, t -> Ward.NONE, t -> 14);
        assertThat(ward.of(RuleId.SENSOR_STALE)).isEmpty();

        ward.frames(2, t -> 72, t -> Ward.NONE, t -> 14);
        assertThat(ward.raised()).contains(RuleId.SENSOR_STALE);
        assertThat(ward.of(RuleId.SENSOR_STALE).get(0).message()).contains("SpO2");

        ward.calm(1);
        assertThat(ward.isOpen(RuleId.SENSOR_STALE)).isFalse();
    }

    @Test
    void aVitalNeverMeasuredIsNotStale() {
        Ward ward = Ward.session().dosed().frames(120, t -> 72, t -> 98, t -> Ward.NONE);

        assertThat(ward.of(RuleId.SENSOR_STALE)).isEmpty();
    }

    @Test
    void noBloodPressureForTenMinutesAfterTheDoseIsOverdue() {
        Ward ward = Ward.session().dosed().cuff(124, 78).calm(598);
        assertThat(ward.of(RuleId.NIBP_OVERDUE)).isEmpty();

        ward.calm(2);
        assertThat(ward.raised()).contains(RuleId.NIBP_OVERDUE);

        ward.cuff(126, 79);
        assertThat(ward.isOpen(RuleId.NIBP_OVERDUE)).isFalse();
    }

    @Test
    void noBloodPressureIsExpectedBeforeTheDose() {
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IV, null, Duration.ofMinutes(40), BaselineVitals.UNKNOWN)
                .calm(1800);

        assertThat(ward.raised()).doesNotContain(RuleId.NIBP_OVERDUE, RuleId.BP_40MIN_MISSING);
    }

    @Test
    void theFortyMinuteCheckIsMissingWithoutAReadingBetween35And45Minutes() {
        Ward missed = Ward.session().dosed();
        for (int minute = 0; minute < 60; minute += 5) {
            int m = minute;
            if (m < 35 || m > 45) {
                missed.cuff(124, 78);
            } else {
                missed.calm(1);
            }
            missed.calm(299);
        }
        assertThat(missed.raised()).contains(RuleId.BP_40MIN_MISSING);
        assertThat(missed.raisedAt(RuleId.BP_40MIN_MISSING)).isBetween(45 * 60L, 46 * 60L);

        Ward done = Ward.session().dosed().calmWithCuff(60 * 60, 300, 124, 78);
        assertThat(done.of(RuleId.BP_40MIN_MISSING)).isEmpty();
    }

    @Test
    void aHighPreDoseBaselineGatesTheDose() {
        Ward ward = Ward.session().registered(Drug.ESKETAMINE, Route.INTRANASAL, null, Duration.ZERO,
                new BaselineVitals(80, 152, 88, 14, 98, Double.NaN)).calm(3);

        assertThat(ward.raised()).containsExactly(RuleId.PREDOSE_BP_HIGH);
        assertThat(ward.of(RuleId.PREDOSE_BP_HIGH).get(0).value()).isEqualTo(152);
        assertThat(ward.of(RuleId.PREDOSE_BP_HIGH).get(0).kind()).isEqualTo(AlertKind.WORKFLOW);

        Ward measured = Ward.session().registered(Drug.KETAMINE, Route.IM, null, Duration.ZERO, BaselineVitals.UNKNOWN)
                .cuff(138, 92).calm(200).cuff(139, 94);
        assertThat(measured.raised()).containsExactly(RuleId.PREDOSE_BP_HIGH);
        assertThat(measured.of(RuleId.PREDOSE_BP_HIGH).get(0).vital()).isEqualTo(Vital.DBP);
    }

    @Test
    void apneaWithCapnographyIsThirtySecondsWithoutABreath() {
        Ward ward = Ward.session().dosed();
        for (int i = 0; i < 10; i++) {
            ward.frame(72, 98, 14, 37, Ward.NONE, Ward.NONE);
        }
        for (int i = 0; i < 31; i++) {
            ward.frame(72, 97, Ward.NONE, 5, Ward.NONE, Ward.NONE);
        }

        assertThat(ward.raised()).contains(RuleId.APNEA);
        assertThat(ward.of(RuleId.APNEA).get(0).priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void apneaIsARateOfZeroForTwentySeconds() {
        Ward ward = Ward.session().dosed().calm(10).frames(20, t -> 72, t -> 97, t -> 0);
        assertThat(ward.of(RuleId.APNEA)).isEmpty();

        ward.frames(1, t -> 72, t -> 97, t -> 0);
        assertThat(ward.raisedAt(RuleId.APNEA)).isEqualTo(30);

        ward.calm(11);
        assertThat(ward.isOpen(RuleId.APNEA)).isFalse();
    }

    @Test
    void anEndedSessionClearsItsAlertsAndRaisesNoMore() {
        Ward ward = Ward.session().dosed().calm(5).frames(20, t -> 72, t -> 84, t -> 14);
        assertThat(ward.isOpen(RuleId.SPO2_CRITICAL)).isTrue();

        ward.end().frames(120, t -> 150, t -> 80, t -> 5);

        assertThat(ward.isOpen(RuleId.SPO2_CRITICAL)).isFalse();
        assertThat(ward.raised()).doesNotContain(RuleId.HR_CRITICAL_HIGH, RuleId.RR_CRITICAL);
        assertThat(ward.monitor.phase()).isEqualTo(Phase.ENDED);
    }

    @Test
    void endingASessionWhoseMonitorClockRunsAheadStillClearsAfterItsLastFrame() {
        Ward ward = Ward.session().dosed().calm(5).frames(20, t -> 72, t -> 84, t -> 14);

        ward.endAt(10);

        Transition cleared = ward.of(RuleId.SPO2_CRITICAL).get(ward.of(RuleId.SPO2_CRITICAL).size() - 1);
        assertThat(cleared.type()).isEqualTo(Transition.Type.ENDED);
        assertThat(cleared.readingTs()).as("after the last frame, so the lifecycle does not take it for a replay")
                .isAfter(Ward.T0.plusSeconds(24));
    }
}
