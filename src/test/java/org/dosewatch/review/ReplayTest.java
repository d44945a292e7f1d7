package org.dosewatch.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Profiles;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.Reading;
import org.junit.jupiter.api.Test;

/** The replay's clock: frames as they were received, then the silence after them up to the end given. */
class ReplayTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final List<Replay.FactsFrom> DOSED = List.of(new Replay.FactsFrom(null,
            new SessionFacts(Drug.KETAMINE, Route.IM, T0.plusSeconds(60), null, Duration.ZERO, BaselineVitals.UNKNOWN)));

    /** Five calm minutes at 1 Hz, each frame received 300 ms after its device time. */
    private static List<FrameArchive.Archived> calm() {
        List<FrameArchive.Archived> frames = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            Instant ts = T0.plusSeconds(s);
            frames.add(new FrameArchive.Archived(new Reading("RP-1", "m", s, ts, 76, 98, 14, Reading.ABSENT,
                    s % 180 == 0 ? 124 : Reading.ABSENT, s % 180 == 0 ? 78 : Reading.ABSENT, Reading.ABSENT),
                    ts.toEpochMilli() + 300));
        }
        return frames;
    }

    @Test
    void aMonitorThatFellSilentAfterItsLastFrameRaisesSignalLossOnlyWhenTheClockRunsOnThroughTheSilence() {
        List<FrameArchive.Archived> frames = calm();
        long last = frames.get(frames.size() - 1).receivedMillis();

        List<Replay.Episode> stopped = Replay.run("RP-1", Profiles.adultKetamine(), DOSED, frames, last);
        List<Replay.Episode> silent = Replay.run("RP-1", Profiles.adultKetamine(), DOSED, frames, last + 120_000);
        List<Replay.Episode> again = Replay.run("RP-1", Profiles.adultKetamine(), DOSED, frames, last + 120_000);

        assertThat(stopped).isEmpty();
        assertThat(silent).extracting(Replay.Episode::rule).containsExactly(RuleId.SIGNAL_LOSS);
        assertThat(silent.get(0).onsetTs()).as("dated by the last frame's device time, as live").isEqualTo(T0.plusSeconds(299));
        assertThat(again).isEqualTo(silent);
    }
}
