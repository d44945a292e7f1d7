package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Trend rules: early warnings that come before the limit rules they foresee. */
class TrendRulesTest {

    @Test
    void systolicRisingThirtyWithinTenMinutesIsAnEarlyWarning() {
        Ward ward = Ward.session().dosed().calm(5);
        ward.cuff(124, 78).calm(239).cuff(140, 82).calm(239).cuff(155, 85).calm(10);

        assertThat(ward.raised()).contains(RuleId.SBP_RISING_FAST).doesNotContain(RuleId.BP_SEVERE);
        Transition raised = ward.of(RuleId.SBP_RISING_FAST).get(0);
        assertThat(raised.priority()).isEqualTo(Priority.LOW);
        assertThat(raised.value()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aSlowRiseOrOneHighReadingIsNoTrend() {
        Ward slow = Ward.session().dosed().calm(5);
        for (int i = 0; i < 8; i++) {
            slow.cuff(124 + 4 * i, 78).calm(299);
        }
        assertThat(slow.of(RuleId.SBP_RISING_FAST)).as("+4 mmHg every 5 min").isEmpty();

        Ward spike = Ward.session().dosed().calm(5);
        spike.cuff(124, 78).calm(299).cuff(150, 80).calm(299).cuff(125, 78).calm(299).cuff(126, 78);
        assertThat(spike.of(RuleId.SBP_RISING_FAST)).as("one outlying reading among three").isEmpty();
    }

    @Test
    void spo2FallingFourPointsInTwoMinutesWarnsBeforeSpo2Low() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(120, t -> 72, t -> 98 - t * 0.06, t -> 14);

        long falling = ward.raisedAt(RuleId.SPO2_FALLING);
        assertThat(falling).isPositive();
        assertThat(ward.of(RuleId.SPO2_FALLING).get(0).message()).startsWith("SpO2 falling");
        assertThat(ward.of(RuleId.SPO2_LOW)).isEmpty();
    }

    @Test
    void aOneFrameDipIsNoFall() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frame(72, 80, 14, Ward.NONE, Ward.NONE, Ward.NONE).calm(120);

        assertThat(ward.of(RuleId.SPO2_FALLING)).isEmpty();
        assertThat(ward.of(RuleId.SPO2_LOW)).isEmpty();
    }

    @Test
    void spo2FallingClearsOnceTheFallStops() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(90, t -> 72, t -> 98 - t * 0.07, t -> 14);
        assertThat(ward.isOpen(RuleId.SPO2_FALLING)).isTrue();

        ward.frames(180, t -> 72, t -> 92, t -> 14);

        assertThat(ward.isOpen(RuleId.SPO2_FALLING)).isFalse();
    }

    @Test
    void respiratoryRateFortyPercentBelowBaselineForSixtySeconds() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(59, t -> 72, t -> 98, t -> 8.4);
        assertThat(ward.of(RuleId.RR_FALLING)).as("59 s").isEmpty();

        ward.frames(2, t -> 72, t -> 98, t -> 8.4);

        assertThat(ward.raisedAt(RuleId.RR_FALLING)).isEqualTo(60 + 60);
        assertThat(ward.of(RuleId.RR_FALLING).get(0).threshold()).isEqualTo(14 * 0.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void respiratoryRateFallingNeedsTheDoseAndABaseline() {
        Ward predose = Ward.session().registered(Drug.KETAMINE, Route.IV, null, java.time.Duration.ofMinutes(40),
                new BaselineVitals(72, 124, 78, 14, 98, 37));
        predose.frames(120, t -> 72, t -> 98, t -> 8);

        assertThat(predose.of(RuleId.RR_FALLING)).isEmpty();
    }
}
