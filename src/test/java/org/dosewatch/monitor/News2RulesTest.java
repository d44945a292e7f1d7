package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NEWS2_MEDIUM and NEWS2_HIGH on the smoothed stream, each held for its delay. */
class News2RulesTest {

    @Test
    void anAggregateOfFiveHeldSixtySecondsIsMedium() {
        // pulse 112 scores 2, SpO2 95 scores 1, RR 22 scores 2: NEWS2 5.
        Ward ward = Ward.session().dosed().calm(60).frames(59 + 15, t -> 112, t -> 95, t -> 22);
        assertThat(ward.of(RuleId.NEWS2_MEDIUM)).as("smoothing takes 15 s, then 59 s held").isEmpty();

        ward.frames(30, t -> 112, t -> 95, t -> 22);

        assertThat(ward.raised()).contains(RuleId.NEWS2_MEDIUM).doesNotContain(RuleId.NEWS2_HIGH);
        Transition raised = ward.of(RuleId.NEWS2_MEDIUM).get(0);
        assertThat(raised.value()).isEqualTo(5);
        assertThat(raised.kind()).isEqualTo(AlertKind.SCORE);
        assertThat(ward.monitor.news2().risk()).isEqualTo(News2.Risk.MEDIUM);
    }

    @Test
    void aSingleParameterScoringThreeIsMedium() {
        Ward ward = Ward.session().dosed().calm(60).frames(120, t -> 72, t -> 91, t -> 14);

        assertThat(ward.raised()).contains(RuleId.NEWS2_MEDIUM);
        assertThat(ward.monitor.news2().score()).isEqualTo(3);
    }

    @Test
    void sevenOrMoreHeldSixtySecondsIsHigh() {
        // pulse 135 scores 3, SpO2 93 scores 2, RR 22 scores 2: NEWS2 7.
        Ward ward = Ward.session().dosed().calm(60).frames(120, t -> 135, t -> 93, t -> 22);

        assertThat(ward.raised()).contains(RuleId.NEWS2_HIGH, RuleId.NEWS2_MEDIUM);
        assertThat(ward.of(RuleId.NEWS2_HIGH).get(0).priority()).isEqualTo(Priority.HIGH);
        assertThat(ward.monitor.news2().score()).isEqualTo(7);
    }

    @Test
    void artefactFramesDoNotMoveTheScore() {
        Ward ward = Ward.session().dosed().calm(60);
        for (int i = 0; i < 20; i++) {
            ward.frame(180, 70, 40, Ward.NONE, Ward.NONE, Ward.NONE).calm(5);
        }

        assertThat(ward.monitor.news2().score()).isZero();
        assertThat(ward.raised()).doesNotContain(RuleId.NEWS2_MEDIUM, RuleId.NEWS2_HIGH);
    }

    @Test
    void theScoreClearsOnceItHasBeenBelowForTheClearHold() {
        Ward ward = Ward.session().dosed().calm(60).frames(120, t -> 112, t -> 95, t -> 22);
        assertThat(ward.isOpen(RuleId.NEWS2_MEDIUM)).isTrue();

        ward.calm(60);

        assertThat(ward.isOpen(RuleId.NEWS2_MEDIUM)).isFalse();
    }
}
