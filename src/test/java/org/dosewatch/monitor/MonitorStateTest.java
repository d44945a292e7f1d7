package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dosewatch.testing.Frames.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A monitor saved and read back carries on exactly as if nothing had happened: the law that lets
 * a session move to another instance, or survive a crash, without losing or repeating an alert.
 */
class MonitorStateTest {


    /** What a transition says, its wording included. */
    private record Seen(Transition.Type type, String alertId, RuleId rule, Priority priority, Vital vital, double value,
                        double threshold, double worstValue, String message, Instant onsetTs, Instant readingTs) {
        static Seen of(Transition t) {
            return new Seen(t.type(), t.alertId(), t.rule(), t.priority(), t.vital(), t.value(), t.threshold(),
                    t.worstValue(), t.message(), t.onsetTs(), t.readingTs());
        }
    }

    private static SessionFacts facts(Instant doseAt, BaselineVitals baseline) {
        return new SessionFacts(Drug.KETAMINE, Route.IV, doseAt, null, Duration.ofMinutes(40), baseline);
    }

    /**
     * Runs the frames through one monitor, with a wall-clock tick after every gap; with {@code cuts},
     * the monitor is saved and read back into a new one before each frame whose index is a cut.
     */
    private static List<Seen> run(String session, SessionFacts facts, List<Reading> frames, List<Integer> cuts) {
        List<Transition> out = new ArrayList<>();
        RuleProfile profile = Profiles.adultKetamine();
        SessionMonitor monitor = new SessionMonitor(session, profile);
        monitor.session(facts, out::add);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < frames.size(); i++) {
            if (cuts.contains(i)) {
                StateOut state = new StateOut();
                monitor.save(state);
                monitor = SessionMonitor.restore(session, profile, facts, false, new StateIn(state.toByteArray()), out::add);
            }
            Reading frame = frames.get(i);
            long ts = frame.ts().toEpochMilli();
            if (previous != Long.MIN_VALUE && ts - previous > 16_000) {
                monitor.onTick(previous + 16_000, out::add);
                monitor.onTick(previous + 61_000, out::add);
            }
            monitor.onReading(frame, ts, out::add);
            previous = ts;
        }
        return out.stream().map(Seen::of).toList();
    }

    @Test
    void aMonitorReadBackAtAnyPointRaisesAndClearsExactlyWhatTheOriginalWould() {
        for (long seed = 1; seed <= 12; seed++) {
            String session = "KS-" + seed;
            List<Reading> frames = SessionMonitorPropertiesTest.eventful(session, seed, 3600);
            // Half the sessions measure their own baseline before a dose ten minutes in.
            SessionFacts facts = seed % 2 == 0 ? facts(T0.plusSeconds(600), BaselineVitals.UNKNOWN)
                    : facts(T0, new BaselineVitals(80, 124, 78, 14, 97, 35));
            Random random = new Random(seed);
            List<Integer> cuts = new ArrayList<>();
            for (int c = 0; c < 25; c++) {
                cuts.add(random.nextInt(frames.size()));
            }

            List<Seen> uninterrupted = run(session, facts, frames, List.of());
            List<Seen> moved = run(session, facts, frames, cuts);

            assertThat(uninterrupted).as("seed %d", seed).hasSizeGreaterThan(5);
            assertThat(moved).as("seed %d, read back before frames %s", seed, cuts).isEqualTo(uninterrupted);
        }
    }

    @Test
    void anEndRecordedWhileTheStateWasAwayClearsTheOpenAlertsWhenItIsReadBack() {
        SessionFacts facts = facts(T0, new BaselineVitals(80, 124, 78, 14, 97, 35));
        SessionMonitor monitor = new SessionMonitor("KS-END", Profiles.adultKetamine());
        List<Transition> out = new ArrayList<>();
        monitor.session(facts, out::add);
        for (int s = 0; s < 30; s++) {
            monitor.onReading(new Reading("KS-END", "m", s, T0.plusSeconds(s), 80, s < 5 ? 97 : 84, 14, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN), T0.plusSeconds(s).toEpochMilli(), out::add);
        }
        assertThat(monitor.openAlerts()).isPositive();
        StateOut state = new StateOut();
        monitor.save(state);

        SessionFacts ended = new SessionFacts(Drug.KETAMINE, Route.IV, T0, T0.plusSeconds(40), Duration.ofMinutes(40),
                facts.baseline());
        List<Transition> cleared = new ArrayList<>();
        SessionMonitor restored = SessionMonitor.restore("KS-END", Profiles.adultKetamine(), ended, true, new StateIn(state.toByteArray()),
                cleared::add);

        assertThat(restored.phase()).isEqualTo(Phase.ENDED);
        assertThat(restored.openAlerts()).isZero();
        assertThat(cleared).isNotEmpty().allSatisfy(t -> assertThat(t.type()).isEqualTo(Transition.Type.ENDED));
    }

    @Test
    void aDosedSessionsStateFitsInEightKibibytes() {
        SessionFacts facts = facts(T0.plusSeconds(900), BaselineVitals.UNKNOWN);
        // Monitors show whole numbers; the random walk is rounded as they would show it.
        List<Reading> frames = SessionMonitorPropertiesTest.eventful("KS-SIZE", 7, 7200).stream()
                .map(f -> new Reading(f.sessionId(), f.deviceId(), f.seq(), f.ts(), Math.rint(f.hr()), Math.rint(f.spo2()),
                        Math.rint(f.rr()), f.etco2(), f.sbp(), f.dbp(), f.map()))
                .toList();
        SessionMonitor monitor = new SessionMonitor("KS-SIZE", Profiles.adultKetamine());
        monitor.session(facts, t -> { });
        int largestPreDose = 0;
        int largestAfter = 0;
        for (Reading frame : frames) {
            monitor.onReading(frame, frame.ts().toEpochMilli(), t -> { });
            StateOut state = new StateOut();
            monitor.save(state);
            if (frame.ts().isBefore(facts.doseAt())) {
                largestPreDose = Math.max(largestPreDose, state.size());
            } else {
                largestAfter = Math.max(largestAfter, state.size());
            }
        }
        assertThat(largestAfter).as("bytes of state after the dose (before: %d)", largestPreDose).isLessThanOrEqualTo(8 * 1024);
        assertThat(largestPreDose).as("bytes of state before the dose, ten minutes of frames for the baseline (after: %d)",
                largestAfter).isLessThanOrEqualTo(8 * 1024);
    }

    @Test
    void aStateOfAnotherLayoutIsRefusedNotMisread() {
        assertThatThrownBy(() -> SessionMonitor.restore("KS-1", Profiles.adultKetamine(), facts(T0, BaselineVitals.UNKNOWN),
                false, new StateIn(new byte[] {4, 0, 0}), t -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
