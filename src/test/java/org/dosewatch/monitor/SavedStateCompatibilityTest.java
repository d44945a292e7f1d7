package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.T0;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A session's state saved by an earlier build (layout 3, recorded in the test resources) is read
 * by this one and carries on exactly as the monitor that saved it would have: an upgrade, or a
 * refactoring of the monitor, never loses or repeats an alert. Record it again only when the
 * layout changes on purpose, keeping the old file and its test: {@code -Dmonitor.state.record=true}.
 */
class SavedStateCompatibilityTest {

    private static final String SESSION = "KS-STATE-3";
    private static final int CUT = 1_800;
    private static final String RECORDED = "monitor-state/layout-3-mid-session.bin";

    private static SessionFacts facts() {
        return new SessionFacts(Drug.KETAMINE, Route.IV, T0.plusSeconds(600), null, Duration.ofMinutes(40), BaselineVitals.UNKNOWN);
    }

    /** The transitions of frames {@code from} to the end, with the monitor's wall clock ticking across gaps. */
    private static List<String> run(SessionMonitor monitor, List<Reading> frames, int from) {
        List<String> out = new ArrayList<>();
        long previous = from == 0 ? Long.MIN_VALUE : frames.get(from - 1).ts().toEpochMilli();
        for (int i = from; i < frames.size(); i++) {
            long ts = frames.get(i).ts().toEpochMilli();
            if (previous != Long.MIN_VALUE && ts - previous > 16_000) {
                monitor.onTick(previous + 16_000, t -> out.add(t.toString()));
                monitor.onTick(previous + 61_000, t -> out.add(t.toString()));
            }
            monitor.onReading(frames.get(i), ts, t -> out.add(t.toString()));
            previous = ts;
        }
        return out;
    }

    @Test
    void aStateSavedByAnEarlierBuildCarriesOnAsTheMonitorThatSavedIt() throws IOException {
        List<Reading> frames = SessionMonitorPropertiesTest.eventful(SESSION, 7, 3600);
        SessionMonitor original = new SessionMonitor(SESSION, Profiles.adultKetamine());
        original.session(facts(), t -> { });
        run(original, frames.subList(0, CUT), 0);
        if (Boolean.getBoolean("monitor.state.record")) {
            StateOut state = new StateOut();
            original.save(state);
            Path file = Path.of("src/test/resources", RECORDED);
            Files.createDirectories(file.getParent());
            Files.write(file, state.toByteArray());
        }
        List<String> after = run(original, frames, CUT);

        byte[] recorded;
        try (InputStream in = SavedStateCompatibilityTest.class.getClassLoader().getResourceAsStream(RECORDED)) {
            assertThat(in).as("the recorded state %s", RECORDED).isNotNull();
            recorded = in.readAllBytes();
        }
        SessionMonitor restored = SessionMonitor.restore(SESSION, Profiles.adultKetamine(), facts(), false,
                new StateIn(recorded), t -> { });

        assertThat(after).as("transitions after the cut").isNotEmpty();
        assertThat(run(restored, frames, CUT)).isEqualTo(after);
    }
}
