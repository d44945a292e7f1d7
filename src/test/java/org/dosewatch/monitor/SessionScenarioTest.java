package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Whole synthetic sessions, as a clinician would judge them. */
class SessionScenarioTest {

    private static final BaselineVitals ADULT = new BaselineVitals(72, 124, 78, 14, 98, 37);

    /** Smooth rise to a peak at {@code peakMinute} and back, as a fraction of baseline. */
    private static double drugEffect(double minute, double peak, double peakMinute) {
        if (minute < 0) {
            return 0;
        }
        double x = minute / peakMinute;
        return peak * x * Math.exp(1 - x);
    }

    @Test
    void aNormalIvInfusionRaisesNoAlertAndEndsDischargeReadyOnceTheNurseRecordsTheRecovery() {
        Random noise = new Random(7);
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IV, 600, Duration.ofMinutes(40), ADULT);
        for (int s = 0; s < 130 * 60; s++) {
            if (s == 125 * 60) {
                ward.assessed(new SessionFacts.Recovery(5, 10, false, false, false));
                assertThat(ward.monitor.phase()).as("stable vitals alone do not discharge").isEqualTo(Phase.OBSERVATION);
                assertThat(ward.monitor.discharge().stable()).isTrue();
                assertThat(ward.monitor.discharge().observedLongEnough()).isTrue();
                assertThat(ward.monitor.discharge().readyAt()).isNull();
            }
            double minutesSinceDose = (s - 600) / 60.0;
            double hr = 72 * (1 + drugEffect(minutesSinceDose, 0.10, 35)) + noise.nextGaussian() * 2;
            double spo2 = Math.min(100, Math.round(98 + noise.nextGaussian() * 0.6));
            double rr = 14 + noise.nextGaussian() * 0.8;
            if (s % 300 == 0) {
                double sbp = 124 * (1 + drugEffect(minutesSinceDose, 0.15, 35)) + noise.nextGaussian() * 3;
                double dbp = 78 * (1 + drugEffect(minutesSinceDose, 0.12, 35)) + noise.nextGaussian() * 2;
                ward.frame(hr, spo2, rr, 37, Math.round(sbp), Math.round(dbp));
            } else {
                ward.frame(hr, spo2, rr, 37, Ward.NONE, Ward.NONE);
            }
        }

        assertThat(ward.transitions).isEmpty();
        assertThat(ward.monitor.phase()).isEqualTo(Phase.DISCHARGE_READY);
        assertThat(ward.monitor.discharge().readyAt()).isEqualTo(Ward.T0.plusSeconds(125 * 60));
        assertThat(ward.monitor.news2().score()).isZero();
    }

    /**
     * Esketamine: sedation recorded at 40 minutes resolves at 95; the patient is ready only at
     * 120 minutes (the label's 2 hours), once MOAA/S 5 and an Aldrete of 9 are recorded, and
     * readyAt says so.
     */
    @Test
    void anEsketamineSessionWhoseSedationResolvesAt95MinutesIsReadyOnlyAt120() {
        Ward ward = Ward.session().registered(Drug.ESKETAMINE, Route.INTRANASAL, 0, Duration.ZERO, ADULT);
        for (int s = 0; s < 130 * 60; s++) {
            if (s == 40 * 60) {
                ward.assessed(new SessionFacts.Recovery(3, null, true, false, false));
            }
            if (s == 95 * 60) {
                ward.assessed(new SessionFacts.Recovery(5, 9, false, false, false));
            }
            if (s == 119 * 60) {
                assertThat(ward.monitor.phase()).as("recovered at 95 min, but not 2 hours yet").isEqualTo(Phase.OBSERVATION);
                assertThat(ward.monitor.discharge().stable()).isTrue();
            }
            ward.frame(72, 98, 14, 37, s % 300 == 0 ? 124 : Ward.NONE, s % 300 == 0 ? 78 : Ward.NONE);
        }

        assertThat(ward.transitions).isEmpty();
        assertThat(ward.monitor.phase()).isEqualTo(Phase.DISCHARGE_READY);
        assertThat(ward.monitor.discharge().readyAt()).isEqualTo(Ward.T0.plusSeconds(120 * 60));
    }

    @Test
    void aHypertensiveSurgeRaisesBpSevereAfterTheEarlyWarning() {
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IV, 0, Duration.ofMinutes(40), ADULT);
        double[] sbp = {124, 132, 150, 168, 186, 194, 196};
        double[] dbp = {78, 84, 94, 102, 112, 116, 114};
        for (int i = 0; i < sbp.length; i++) {
            ward.cuff(sbp[i], dbp[i]).calm(179);
        }

        assertThat(ward.raised()).contains(RuleId.BP_SEVERE, RuleId.SBP_RISING_FAST, RuleId.BP_RISE);
        assertThat(ward.raisedAt(RuleId.SBP_RISING_FAST)).isLessThan(ward.raisedAt(RuleId.BP_SEVERE));
        assertThat(ward.raised()).doesNotContain(RuleId.BP_EMERGENCY);
        assertThat(ward.of(RuleId.BP_SEVERE).get(0).priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void aRespiratoryDepressionIsForeseenThenRaisedAsTheCompositeAlert() {
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IV, 0, Duration.ofMinutes(40), ADULT).calm(300);
        ward.frames(180, t -> 76, t -> 97 - 13 * t / 180, t -> 14 - 8 * t / 180).frames(120, t -> 78, t -> 84, t -> 6);

        long earlyWarning = Math.min(positive(ward.raisedAt(RuleId.SPO2_FALLING)), positive(ward.raisedAt(RuleId.RR_FALLING)));
        assertThat(earlyWarning).isLessThan(ward.raisedAt(RuleId.RR_CRITICAL));
        assertThat(earlyWarning).isLessThan(ward.raisedAt(RuleId.SPO2_CRITICAL));
        assertThat(ward.raised()).contains(RuleId.RESP_DEPRESSION, RuleId.RR_CRITICAL, RuleId.SPO2_CRITICAL, RuleId.SPO2_LOW);
        assertThat(ward.of(RuleId.RESP_DEPRESSION).get(0).priority()).isEqualTo(Priority.HIGH);
        assertThat(ward.of(RuleId.RESP_DEPRESSION).get(0).kind()).isEqualTo(AlertKind.SCORE);
    }

    private static long positive(long second) {
        return second < 0 ? Long.MAX_VALUE : second;
    }

    @Test
    void aFortySecondMonitorDropoutIsRaisedAndResolvedWhenFramesReturn() {
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IM, 0, Duration.ZERO, ADULT)
                .calmWithCuff(120, 300, 124, 78).silence(40).calm(30);

        assertThat(ward.raised()).containsExactly(RuleId.SIGNAL_LOSS);
        assertThat(ward.isOpen(RuleId.SIGNAL_LOSS)).isFalse();
    }

    @Test
    void aOneFrameArtefactRaisesNothing() {
        Ward ward = Ward.session().registered(Drug.KETAMINE, Route.IM, 0, Duration.ZERO, ADULT)
                .calmWithCuff(60, 300, 124, 78);
        ward.frame(250, 98, 14, Ward.NONE, Ward.NONE, Ward.NONE).calm(300);

        assertThat(ward.transitions).isEmpty();
    }
}
