package org.dosewatch.reading;

import static org.dosewatch.testing.Frames.T0;

import org.dosewatch.monitor.Reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.reading.FrameOrder.Verdict.DUPLICATE;
import static org.dosewatch.reading.FrameOrder.Verdict.HELD;
import static org.dosewatch.reading.FrameOrder.Verdict.NEW;
import static org.dosewatch.reading.FrameOrder.Verdict.OUT_OF_ORDER;
import static org.dosewatch.reading.FrameOrder.Verdict.REBASED;
import static org.dosewatch.reading.FrameOrder.Verdict.RESTARTED;

import java.util.ArrayList;
import java.util.List;

import org.dosewatch.monitor.StateIn;
import org.dosewatch.monitor.StateOut;
import org.junit.jupiter.api.Test;

class FrameOrderTest {


    private FrameOrder order = new FrameOrder();
    private final List<Long> evaluated = new ArrayList<>();
    private final List<Long> glitches = new ArrayList<>();
    private final FrameOrder.Outcome outcome = new FrameOrder.Outcome() {
        @Override
        public void evaluate(Reading frame) {
            evaluated.add(frame.seq());
        }

        @Override
        public void glitch(Reading frame) {
            glitches.add(frame.seq());
        }
    };

    private FrameOrder.Verdict admit(String device, long seq, long second) {
        return order.admit(new Reading("KS-1", device, seq, T0.plusSeconds(second), 80, 97, 14, Reading.ABSENT,
                Reading.ABSENT, Reading.ABSENT, Reading.ABSENT), outcome);
    }

    private void steady(long fromSeq, long toSeq, long firstSecond) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            admit("m", seq, firstSecond + seq - fromSeq);
        }
        evaluated.clear();
    }

    @Test
    void framesInOrderAreNew() {
        assertThat(admit("m", 1, 1)).isEqualTo(NEW);
        assertThat(admit("m", 2, 2)).isEqualTo(NEW);
        assertThat(admit("m", 5, 5)).as("a gap is a lost frame, not a reason to refuse").isEqualTo(NEW);
        assertThat(evaluated).containsExactly(1L, 2L, 5L);
    }

    @Test
    void aResentFrameIsADuplicate() {
        admit("m", 1, 1);
        admit("m", 2, 2);

        assertThat(admit("m", 2, 2)).isEqualTo(DUPLICATE);
        assertThat(admit("m", 1, 1)).isEqualTo(DUPLICATE);
        assertThat(evaluated).containsExactly(1L, 2L);
    }

    @Test
    void aFrameReplayedFromFarBackIsStillNotEvaluatedAgain() {
        steady(0, 199, 0);

        assertThat(admit("m", 150, 150)).isEqualTo(DUPLICATE);
        assertThat(admit("m", 3, 3)).as("outside the window: older than the newest").isEqualTo(OUT_OF_ORDER);
        assertThat(evaluated).isEmpty();
    }

    @Test
    void aFrameOlderThanTheNewestIsOutOfOrder() {
        admit("m", 1, 1);
        admit("m", 3, 3);

        assertThat(admit("m", 2, 2)).as("seq never seen, but older").isEqualTo(OUT_OF_ORDER);
    }

    @Test
    void aSingleFrameDatedBackIsAGlitchNeverEvaluated() {
        steady(1, 10, 100);

        assertThat(admit("m", 11, 50)).as("newer seq, 59 s before the newest").isEqualTo(HELD);
        assertThat(admit("m", 12, 111)).as("back on the device's timeline").isEqualTo(NEW);

        assertThat(evaluated).containsExactly(12L);
        assertThat(glitches).containsExactly(11L);
        assertThat(admit("m", 11, 50)).as("the glitch resent").isEqualTo(OUT_OF_ORDER);
    }

    @Test
    void aStepBackConfirmedByThreeFramesRebasesTheDeviceAndEvaluatesEveryFrameInOrder() {
        steady(1, 10, 100);

        assertThat(admit("m", 11, 45)).isEqualTo(HELD);
        assertThat(admit("m", 12, 46)).isEqualTo(HELD);
        assertThat(admit("m", 12, 46)).as("a held frame resent").isEqualTo(DUPLICATE);
        assertThat(admit("m", 13, 47)).isEqualTo(HELD);
        assertThat(evaluated).as("blind for these frames at most").isEmpty();

        assertThat(admit("m", 14, 48)).as("the third frame after the step confirms it").isEqualTo(REBASED);
        assertThat(evaluated).containsExactly(11L, 12L, 13L, 14L);
        assertThat(admit("m", 15, 49)).isEqualTo(NEW);
        assertThat(admit("m", 12, 46)).isEqualTo(DUPLICATE);
        assertThat(glitches).isEmpty();
    }

    @Test
    void anyStepBackConfirmedIsBelievedSoASetBackClockNeverBlindsTheMonitor() {
        steady(1, 10, 100_000);

        for (int seq = 11; seq <= 13; seq++) {
            assertThat(admit("m", seq, seq)).isEqualTo(HELD);
        }
        assertThat(admit("m", 14, 14)).as("a day back, confirmed").isEqualTo(REBASED);
        assertThat(evaluated).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void twoGlitchedFramesBeforeTheTimelineReturnsAreBothDropped() {
        steady(1, 10, 100);

        assertThat(admit("m", 11, 40)).isEqualTo(HELD);
        assertThat(admit("m", 12, 41)).isEqualTo(HELD);
        assertThat(admit("m", 13, 112)).isEqualTo(NEW);

        assertThat(evaluated).containsExactly(13L);
        assertThat(glitches).containsExactly(11L, 12L);
    }

    @Test
    void aFrameDatedAheadIsFollowedAtOnceByItsTimeline() {
        steady(1, 10, 1);
        assertThat(admit("m", 11, 365L * 24 * 3600)).as("a year ahead of its own timeline").isEqualTo(NEW);

        assertThat(admit("m", 12, 12)).as("back on the timeline it kept: not held").isEqualTo(REBASED);
        assertThat(admit("m", 13, 13)).isEqualTo(NEW);
        assertThat(evaluated).containsExactly(11L, 12L, 13L);
    }

    @Test
    void heldFramesAreDecidedAfterATakeoverAsTheyWouldHaveBeen() {
        steady(1, 10, 100);
        admit("m", 11, 45);
        admit("m", 12, 46);

        StateOut out = new StateOut();
        order.save(out);
        order = new FrameOrder();
        order.restore(new StateIn(out.toByteArray()));

        assertThat(admit("m", 13, 47)).isEqualTo(HELD);
        assertThat(admit("m", 14, 48)).isEqualTo(REBASED);
        assertThat(evaluated).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void aMonitorThatRestartsCountingIsAcceptedAsANewRun() {
        admit("m", 500, 500);

        assertThat(admit("m", 0, 600)).isEqualTo(RESTARTED);
        assertThat(admit("m", 1, 601)).isEqualTo(NEW);
        assertThat(admit("m", 0, 600)).isEqualTo(DUPLICATE);
    }

    @Test
    void devicesAreTrackedApart() {
        admit("room1", 10, 10);

        assertThat(admit("room2", 1, 1)).isEqualTo(NEW);
        assertThat(admit("room1", 10, 10)).isEqualTo(DUPLICATE);
    }
}
