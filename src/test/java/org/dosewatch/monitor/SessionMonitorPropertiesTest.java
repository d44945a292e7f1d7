package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.T0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Laws of the engine, checked over many generated streams. */
class SessionMonitorPropertiesTest {


    /** A dosed session with one constant normal set of vitals and a normal NIBP every 5 minutes. */
    private static List<Reading> constantNormal(String session, Random random, int seconds) {
        double hr = 55 + random.nextInt(36);
        double spo2 = 96 + random.nextInt(5);
        double rr = 12 + random.nextInt(9);
        double sbp = 111 + random.nextInt(25);
        double dbp = 60 + random.nextInt(25);
        List<Reading> frames = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            boolean cuff = s % 300 == 0;
            frames.add(new Reading(session, session + "-m", s, T0.plusSeconds(s), hr, spo2, rr, 35,
                    cuff ? sbp : Double.NaN, cuff ? dbp : Double.NaN, Double.NaN));
        }
        return frames;
    }

    /** A session with a random walk of vitals that crosses many limits. */
    static List<Reading> eventful(String session, long seed, int seconds) {
        Random random = new Random(seed);
        double hr = 80;
        double spo2 = 96;
        double rr = 14;
        List<Reading> frames = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            hr = Math.max(30, Math.min(180, hr + random.nextGaussian() * 3));
            spo2 = Math.max(70, Math.min(100, spo2 + random.nextGaussian()));
            rr = Math.max(0, Math.min(40, rr + random.nextGaussian()));
            boolean cuff = s % 240 == 0;
            if (random.nextInt(200) == 0) {
                s += 20;
            }
            frames.add(new Reading(session, session + "-m", s, T0.plusSeconds(s), hr, spo2, rr, 35,
                    cuff ? 100 + random.nextInt(120) : Double.NaN, cuff ? 50 + random.nextInt(70) : Double.NaN, Double.NaN));
        }
        return frames;
    }

    private static SessionFacts dosedAtStart() {
        return new SessionFacts(Drug.KETAMINE, Route.IV, T0, null, Duration.ofMinutes(40),
                new BaselineVitals(80, 124, 78, 14, 97, 35));
    }

    private static List<Transition> run(Monitors monitors, List<Reading> frames) {
        List<Transition> out = new ArrayList<>();
        for (Reading frame : frames) {
            monitors.onReading(frame, frame.ts().toEpochMilli(), out::add);
        }
        return out;
    }

    private static Monitors monitors(String... sessions) {
        Monitors monitors = new Monitors(id -> Profiles.adultKetamine());
        for (String session : sessions) {
            monitors.onSession(session, dosedAtStart(), t -> { });
        }
        return monitors;
    }

    @RepeatedTest(20)
    void aConstantNormalStreamOfAnyLengthRaisesNothing() {
        Random random = new Random();
        int seconds = 1 + random.nextInt(4 * 3600);
        List<Transition> transitions = run(monitors("KS-1"), constantNormal("KS-1", random, seconds));

        assertThat(transitions).as("%d s of constant normal vitals", seconds).isEmpty();
    }

    @Test
    void theSameInputAlwaysGivesTheSameTransitionsAndIds() {
        for (long seed = 1; seed <= 10; seed++) {
            List<Reading> frames = eventful("KS-" + seed, seed, 3600);

            List<Transition> first = run(monitors("KS-" + seed), frames);
            List<Transition> second = run(monitors("KS-" + seed), frames);

            assertThat(first).isNotEmpty();
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void interleavedSessionsEachGetTheAlertsTheyGetAlone() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Reading> a = eventful("KS-A", seed, 3600);
            List<Reading> b = eventful("KS-B", seed + 100, 3600);
            List<Transition> aloneA = run(monitors("KS-A"), a);
            List<Transition> aloneB = run(monitors("KS-B"), b);

            List<Reading> interleaved = new ArrayList<>();
            Random shuffle = new Random(seed);
            int i = 0;
            int j = 0;
            while (i < a.size() || j < b.size()) {
                if (j >= b.size() || (i < a.size() && shuffle.nextBoolean())) {
                    interleaved.add(a.get(i++));
                } else {
                    interleaved.add(b.get(j++));
                }
            }
            List<Transition> together = run(monitors("KS-A", "KS-B"), interleaved);

            assertThat(together.stream().filter(t -> t.sessionId().equals("KS-A")).toList()).isEqualTo(aloneA);
            assertThat(together.stream().filter(t -> t.sessionId().equals("KS-B")).toList()).isEqualTo(aloneB);
        }
    }

    @Test
    void alertIdsDependOnSessionRuleAndOnsetOnly() {
        String id = Alerts.alertId("KS-1", RuleId.SPO2_LOW, T0.toEpochMilli());

        assertThat(Alerts.alertId("KS-1", RuleId.SPO2_LOW, T0.toEpochMilli())).isEqualTo(id);
        assertThat(Alerts.alertId("KS-2", RuleId.SPO2_LOW, T0.toEpochMilli())).isNotEqualTo(id);
        assertThat(Alerts.alertId("KS-1", RuleId.SPO2_CRITICAL, T0.toEpochMilli())).isNotEqualTo(id);
        assertThat(Alerts.alertId("KS-1", RuleId.SPO2_LOW, T0.toEpochMilli() + 1000)).isNotEqualTo(id);
    }
}
