package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Device clocks and gaps (docs/clinical-rules.md): one glitching frame raises nothing, a clock
 * set back never blinds the rules, and no condition is carried across a gap in the data.
 */
class DeviceClocksTest {

    private static final double NONE = Ward.NONE;

    @Test
    void aSingleFrameDatedAMinuteBackWithALowSaturationRaisesNothing() {
        Ward ward = Ward.session().throughFrameOrder().dosed().calm(120);

        ward.clockAt(60).frame(72, 80, 14, NONE, NONE, NONE);
        ward.clockAt(121).calm(60);

        assertThat(ward.transitions).as("the glitch is not evaluated, nor held across the gap it would make").isEmpty();
    }

    @Test
    void aClockSetBackFiveMinutesIsFollowedAfterThreeFramesAndItsFramesAreAllEvaluated() {
        Ward ward = Ward.session().throughFrameOrder().dosed().calm(600);

        ward.clockAt(300).frames(30, t -> 72, t -> 84, t -> 14);

        assertThat(ward.raisedAt(RuleId.SPO2_CRITICAL)).as("at the first frame after the step, on the new timeline")
                .isEqualTo(300);
        assertThat(ward.raisedAt(RuleId.SPO2_LOW)).as("its delay met on the new timeline").isEqualTo(315);
    }

    @Test
    void aConditionHeldWhenTheClockIsSetBackKeepsTheTimeItHadHeld() {
        Ward ward = Ward.session().throughFrameOrder().dosed().calm(600);
        ward.frames(10, t -> 72, t -> 88, t -> 14);

        ward.clockAt(300).frames(10, t -> 72, t -> 88, t -> 14);

        Transition raised = ward.of(RuleId.SPO2_LOW).get(0);
        assertThat(raised.readingTs()).as("15 s of frames in all; the step itself counts as no time")
                .isEqualTo(Ward.T0.plusSeconds(306));
        assertThat(ward.of(RuleId.SPO2_LOW)).hasSize(1);
    }

    @Test
    void aDelayIsNeverMetAcrossAGap() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(1, t -> 72, t -> 88, t -> 14);

        ward.silence(61).frames(15, t -> 72, t -> 88, t -> 14);
        assertThat(ward.of(RuleId.SPO2_LOW)).as("frames over 14 s after the gap").isEmpty();

        ward.frames(1, t -> 72, t -> 88, t -> 14);
        assertThat(ward.raisedAt(RuleId.SPO2_LOW)).isEqualTo(ward.second() - 1);
        assertThat(ward.of(RuleId.SPO2_LOW).get(0).onsetTs()).as("onset: the first frame after the gap")
                .isEqualTo(Ward.T0.plusSeconds(122));
    }

    @Test
    void aValueHoldsAcrossAShortPause() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(5, t -> 72, t -> 88, t -> 14);

        ward.silence(10).frames(1, t -> 72, t -> 88, t -> 14);

        assertThat(ward.raisedAt(RuleId.SPO2_LOW)).as("frames 11 s apart: within SIGNAL_LOSS's 15 s").isEqualTo(75);
    }

    @Test
    void anAlertDoesNotClearAcrossAGap() {
        Ward ward = Ward.session().dosed().calm(60);
        ward.frames(20, t -> 72, t -> 88, t -> 14);
        assertThat(ward.isOpen(RuleId.SPO2_LOW)).isTrue();

        ward.calm(1).silence(30).calm(5);
        assertThat(ward.isOpen(RuleId.SPO2_LOW)).as("the clear hold needs frames that show it").isTrue();

        ward.calm(6);
        assertThat(ward.isOpen(RuleId.SPO2_LOW)).isFalse();
    }

    @Test
    void noBreathIsCountedFromTheFirstFrameAfterAGap() {
        Ward ward = Ward.session().dosed();
        for (int i = 0; i < 60; i++) {
            ward.frame(72, 98, 14, 38, NONE, NONE);
        }

        ward.silence(40);
        for (int i = 0; i < 20; i++) {
            ward.frame(72, 98, 0, 38, NONE, NONE);
        }
        assertThat(ward.of(RuleId.APNEA)).as("frames over 19 s with no breath, after 40 s with no frame").isEmpty();

        ward.frame(72, 98, 0, 38, NONE, NONE);
        assertThat(ward.raisedAt(RuleId.APNEA)).isEqualTo(ward.second() - 1);
    }

    @Test
    void twoDevicesWhoseClocksDisagreeDoNotSpeedUpADelay() {
        Ward ward = Ward.session().dosed().calm(60);
        java.util.List<Transition> raised = ward.transitions;
        for (int s = 60; s < 74; s++) {
            // A pulse oximeter on the session's clock and a capnograph 5 s behind, both every second.
            ward.monitor.onReading(new org.dosewatch.monitor.Reading(ward.sessionId, "oximeter", s, Ward.T0.plusSeconds(s),
                    72, 88, NONE, NONE, NONE, NONE, NONE), Ward.T0.plusSeconds(s).toEpochMilli(), raised::add);
            ward.monitor.onReading(new org.dosewatch.monitor.Reading(ward.sessionId, "capnograph", s, Ward.T0.plusSeconds(s - 5),
                    NONE, NONE, 14, 38, NONE, NONE, NONE), Ward.T0.plusSeconds(s).toEpochMilli(), raised::add);
        }

        assertThat(ward.of(RuleId.SPO2_LOW)).as("SpO2 88 for 13 s of the oximeter's frames").isEmpty();
    }
}
