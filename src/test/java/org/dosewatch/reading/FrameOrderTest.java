package org.dosewatch.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.reading.FrameOrder.Verdict.CLOCK_STEPPED_BACK;
import static org.dosewatch.reading.FrameOrder.Verdict.DUPLICATE;
import static org.dosewatch.reading.FrameOrder.Verdict.NEW;
import static org.dosewatch.reading.FrameOrder.Verdict.OUT_OF_ORDER;
import static org.dosewatch.reading.FrameOrder.Verdict.RESTARTED;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FrameOrderTest {

    private static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    private final FrameOrder order = new FrameOrder();

    private static Reading frame(String device, long seq, long second) {
        return new Reading("KS-1", device, seq, T0.plusSeconds(second), 80, 97, 14, Reading.ABSENT,
                Reading.ABSENT, Reading.ABSENT, Reading.ABSENT);
    }

    @Test
    void framesInOrderAreNew() {
        assertThat(order.admit(frame("m", 1, 1))).isEqualTo(NEW);
        assertThat(order.admit(frame("m", 2, 2))).isEqualTo(NEW);
        assertThat(order.admit(frame("m", 5, 5))).as("a gap is a lost frame, not a reason to refuse").isEqualTo(NEW);
    }

    @Test
    void aResentFrameIsADuplicate() {
        order.admit(frame("m", 1, 1));
        order.admit(frame("m", 2, 2));

        assertThat(order.admit(frame("m", 2, 2))).isEqualTo(DUPLICATE);
        assertThat(order.admit(frame("m", 1, 1))).isEqualTo(DUPLICATE);
    }

    @Test
    void aFrameReplayedFromFarBackIsStillNotEvaluatedAgain() {
        for (int seq = 0; seq < 200; seq++) {
            order.admit(frame("m", seq, seq));
        }

        assertThat(order.admit(frame("m", 150, 150))).isEqualTo(DUPLICATE);
        assertThat(order.admit(frame("m", 3, 3))).as("outside the window: older than the newest").isEqualTo(OUT_OF_ORDER);
    }

    @Test
    void aFrameOlderThanTheNewestIsOutOfOrder() {
        order.admit(frame("m", 1, 1));
        order.admit(frame("m", 3, 3));

        assertThat(order.admit(frame("m", 2, 2))).as("seq never seen, but older").isEqualTo(OUT_OF_ORDER);
    }

    @Test
    void aClockSetBackWithinTheMarginIsBelievedAndTheDeviceGoesOnFromThere() {
        order.admit(frame("m", 1, 100));
        order.admit(frame("m", 2, 101));

        assertThat(order.admit(frame("m", 3, 45))).as("newer seq, 56 s earlier: the clock was corrected")
                .isEqualTo(CLOCK_STEPPED_BACK);
        assertThat(order.admit(frame("m", 4, 46))).isEqualTo(NEW);
        assertThat(order.admit(frame("m", 3, 45))).isEqualTo(DUPLICATE);
    }

    @Test
    void aFrameFromAClockGlitchDoesNotBlindTheDevice() {
        for (int seq = 1; seq <= 10; seq++) {
            order.admit(frame("m", seq, seq));
        }
        assertThat(order.admit(frame("m", 11, 365L * 24 * 3600))).as("a year ahead of its own timeline").isEqualTo(NEW);

        assertThat(order.admit(frame("m", 12, 12))).as("back on the timeline it kept").isEqualTo(CLOCK_STEPPED_BACK);
        assertThat(order.admit(frame("m", 13, 13))).isEqualTo(NEW);
    }

    @Test
    void aLargeStepBackFromATimelineThatHeldIsNotBelieved() {
        order.admit(frame("m", 1, 1000));
        order.admit(frame("m", 2, 1001));

        assertThat(order.admit(frame("m", 3, 10))).as("newer seq, 991 s earlier than a steady timeline").isEqualTo(OUT_OF_ORDER);
    }

    @Test
    void aMonitorThatRestartsCountingIsAcceptedAsANewRun() {
        order.admit(frame("m", 500, 500));

        assertThat(order.admit(frame("m", 0, 600))).isEqualTo(RESTARTED);
        assertThat(order.admit(frame("m", 1, 601))).isEqualTo(NEW);
        assertThat(order.admit(frame("m", 0, 600))).isEqualTo(DUPLICATE);
    }

    @Test
    void devicesAreTrackedApart() {
        order.admit(frame("room1", 10, 10));

        assertThat(order.admit(frame("room2", 1, 1))).isEqualTo(NEW);
        assertThat(order.admit(frame("room1", 10, 10))).isEqualTo(DUPLICATE);
    }
}
