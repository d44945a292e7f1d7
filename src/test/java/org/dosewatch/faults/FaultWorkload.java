package org.dosewatch.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.dosewatch.simulator.Drug;
import org.dosewatch.simulator.Frame;
import org.dosewatch.simulator.Route;
import org.dosewatch.simulator.Scenario;
import org.dosewatch.simulator.SimulatedSession;

/**
 * A seeded ward for the fault runs: sessions of the simulator's patients, dosed five minutes in,
 * each with a run of clinical and technical episodes drawn from the seed (desaturations,
 * slowed and stopped breathing, tachycardia and bradycardia, hypertensive surges, monitor
 * dropouts, probes off the finger), so that every run of the same seed sends the very same
 * frames and the rules raise, update, escalate and clear dozens of alerts.
 */
record FaultWorkload(List<Ward> sessions) {

    /** One session: its scenario drawn from the seed, and its frames in device-time order. */
    record Ward(String id, Scenario scenario, SimulatedSession simulated, List<Frame> frames) {

        Instant doseAt() {
            return simulated.doseAt();
        }

        Instant lastFrame() {
            return frames.get(frames.size() - 1).ts();
        }
    }

    /** A frame and the session it belongs to, in the order the ward sends them. */
    record Sent(Ward session, Frame frame) {
    }

    private static final int DOSE_AT = 300;
    private static final int FIRST_EPISODE = 480;

    static FaultWorkload generate(long seed, int sessions, int minutes, Instant start) {
        Random random = new Random(seed);
        List<Ward> ward = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = String.format("FT-%02d", i + 1);
            Scenario scenario = scenario(id, random, minutes * 60);
            SimulatedSession simulated = new SimulatedSession(id, scenario, random.nextLong(), start);
            List<Frame> frames = new ArrayList<>();
            while (!simulated.done()) {
                Frame frame = simulated.next();
                if (frame != null) {
                    frames.add(frame);
                }
            }
            ward.add(new Ward(id, scenario, simulated, frames));
        }
        return new FaultWorkload(ward);
    }

    /** Every frame of the ward, merged by device time (as the monitors of one ward send them). */
    List<Sent> inOrder() {
        List<Sent> all = new ArrayList<>();
        sessions.forEach(s -> s.frames().forEach(f -> all.add(new Sent(s, f))));
        all.sort(Comparator.comparing((Sent s) -> s.frame().ts()).thenComparing(s -> s.session().id()));
        return all;
    }

    int frameCount() {
        return sessions.stream().mapToInt(s -> s.frames().size()).sum();
    }

    /** A session's episodes: one every five to eight minutes from minute eight to the end, each of a kind drawn. */
    private static Scenario scenario(String id, Random random, int seconds) {
        List<Scenario.Event> events = new ArrayList<>();
        int at = FIRST_EPISODE + random.nextInt(120);
        while (at < seconds - 240) {
            int kind = random.nextInt(9);
            switch (kind) {
                // SpO2 down to 80-92 %: SPO2_FALLING, SPO2_LOW, and SPO2_CRITICAL below 85 %
                case 0, 1 -> events.add(ramp("spo2", 80 + random.nextInt(13), at, 30 + random.nextInt(90),
                        30 + random.nextInt(150), 30 + random.nextInt(60)));
                // Breathing slowed to 5-11 /min: RR_FALLING, RR_LOW, RR_CRITICAL, with a desaturation RESP_DEPRESSION
                case 2 -> {
                    int hold = 60 + random.nextInt(180);
                    events.add(ramp("rr", 5 + random.nextInt(7), at, 60 + random.nextInt(60), hold, 60));
                    if (random.nextBoolean()) {
                        events.add(ramp("spo2", 82 + random.nextInt(8), at + 60, 90, hold, 90));
                    }
                }
                // Heart rate up to 125-150 /min or down to 36-48 /min
                case 3 -> events.add(ramp("hr", 125 + random.nextInt(26), at, 30 + random.nextInt(60),
                        60 + random.nextInt(120), 30 + random.nextInt(60)));
                case 4 -> events.add(ramp("hr", 36 + random.nextInt(13), at, 20 + random.nextInt(40),
                        30 + random.nextInt(90), 30));
                // A hypertensive surge over several cuff cycles: SBP_RISING_FAST, BP_RISE, BP_SEVERE, BP_EMERGENCY
                case 5 -> {
                    int rise = 240 + random.nextInt(240);
                    int hold = 180 + random.nextInt(300);
                    events.add(ramp("sbp", 185 + random.nextInt(30), at, rise, hold, 240));
                    events.add(ramp("dbp", 105 + random.nextInt(20), at, rise, hold, 240));
                }
                // The monitor falls silent for 20-90 s: SIGNAL_LOSS, escalated when it lasts a minute
                case 6 -> events.add(new Scenario.Event("dropout", null, null, at, 20 + random.nextInt(71), 0, 0));
                // A probe off the finger: SENSOR_STALE
                case 7 -> events.add(new Scenario.Event("missing", random.nextBoolean() ? "spo2" : "rr", null, at,
                        35 + random.nextInt(60), 0, 0));
                // A one-frame artefact, which the rules must not take for an episode
                default -> events.add(new Scenario.Event("artifact", "spo2", 55.0 + random.nextInt(20), at, 0, 0, 0));
            }
            at += 300 + random.nextInt(180);
        }
        boolean esketamine = random.nextInt(3) == 0;
        return new Scenario(id, "fault-run session " + id, null, esketamine ? Drug.ESKETAMINE : Drug.KETAMINE,
                esketamine ? Route.INTRANASAL : Route.IV, esketamine ? 1.0 : 0.5, esketamine ? 84.0 : null, DOSE_AT, null,
                seconds, 180, events, List.of(), List.of(), List.of());
    }

    private static Scenario.Event ramp(String vital, double to, int at, int over, int hold, int recover) {
        return new Scenario.Event("ramp", vital, to, at, over, hold, recover);
    }
}
