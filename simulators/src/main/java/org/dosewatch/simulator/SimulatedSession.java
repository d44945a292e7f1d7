package org.dosewatch.simulator;

import java.time.Instant;
import java.util.Random;

/**
 * One patient on one monitor through one scenario, a frame per second of device time: the
 * drug model's effect on the patient's baseline, slow drift and beat-to-beat noise, an NIBP
 * cycle every few minutes, SpO2 averaged over the oximeter's seconds, and the scenario's events
 * on top. Everything comes from one seeded generator: the same seed gives the same frames.
 */
public final class SimulatedSession {

    private static final double MINUTE = 1.0 / 60;
    /** Slow drift: Ornstein-Uhlenbeck with a five-minute time constant. */
    private static final double DRIFT_KEEP = Math.exp(-1.0 / 300);

    private final String sessionId;
    private final String deviceId;
    private final Scenario scenario;
    private final Patient patient;
    private final Random random;
    private final Instant start;
    private final DrugModel drug;
    private final int nibpPhase;
    private final double[] saturation;
    private int second;
    private long seq;
    private double driftHr;
    private double driftRr;
    private double driftSpo2;
    private double driftBp;

    public SimulatedSession(String sessionId, Scenario scenario, long seed, Instant start) {
        this.sessionId = sessionId;
        this.deviceId = sessionId + "-monitor";
        this.scenario = scenario;
        this.random = new Random(seed);
        this.patient = Patient.draw(random).with(scenario.patient());
        this.start = start;
        this.drug = new DrugModel(scenario.drug(), scenario.route(), patient.weightKg(), patient.sensitivity(),
                patient.clearance());
        this.nibpPhase = random.nextInt(60);
        this.saturation = new double[patient.oximeterSeconds()];
        java.util.Arrays.fill(saturation, patient.spo2());
    }

    public String sessionId() {
        return sessionId;
    }

    public Patient patient() {
        return patient;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Instant start() {
        return start;
    }

    /** Device time of the dose. */
    public Instant doseAt() {
        return start.plusSeconds(scenario.doseAtSeconds());
    }

    public boolean done() {
        return second >= scenario.durationSeconds();
    }

    public int second() {
        return second;
    }

    /** The frame of the current second, or null when the monitor sends nothing; then one second on. */
    public Frame next() {
        int s = second++;
        if (s == scenario.doseAtSeconds()) {
            drug.dose(scenario.doseFor(patient), scenario.infusion());
        }
        drug.step(MINUTE);
        driftHr = DRIFT_KEEP * driftHr + 0.25 * random.nextGaussian();
        driftRr = DRIFT_KEEP * driftRr + 0.06 * random.nextGaussian();
        driftSpo2 = DRIFT_KEEP * driftSpo2 + 0.02 * random.nextGaussian();
        driftBp = DRIFT_KEEP * driftBp + 0.15 * random.nextGaussian();

        double hr = event("hr", s, patient.hr() * drug.hrFactor() + driftHr) + 1.2 * random.nextGaussian();
        double rrModel = event("rr", s, patient.rr() * drug.rrFactor() + driftRr);
        double rr = Math.max(0, rrModel + 0.5 * random.nextGaussian());
        double trueSpo2 = Math.min(100, event("spo2", s, patient.spo2() + driftSpo2));
        // An SpO2 artefact disturbs one sample; the oximeter shows its average, as real ones do.
        for (Scenario.Event event : scenario.events()) {
            if (event.kind().equals("artifact") && event.vital().equals("spo2") && s == event.atSeconds()) {
                trueSpo2 = event.value();
            }
        }
        saturation[s % saturation.length] = trueSpo2;
        double spo2 = Math.min(100, average(saturation) + 0.3 * random.nextGaussian());
        // Breathing less leaves more CO2 at the end of each breath.
        double etco2 = event("etco2", s, patient.etco2() + Math.max(0, patient.rr() - rrModel) * 2.0)
                + 0.8 * random.nextGaussian();
        double sbp = Double.NaN;
        double dbp = Double.NaN;
        double map = Double.NaN;
        if ((s + nibpPhase) % scenario.nibpInterval() == 0) {
            sbp = event("sbp", s, patient.sbp() * drug.sbpFactor() + driftBp) + 3 * random.nextGaussian();
            dbp = Math.min(sbp - 15, event("dbp", s, patient.dbp() * drug.dbpFactor() + driftBp * 0.6)
                    + 2 * random.nextGaussian());
            map = (sbp + 2 * dbp) / 3;
        }

        for (Scenario.Event event : scenario.events()) {
            switch (event.kind()) {
                case "dropout" -> {
                    if (event.covers(s)) {
                        return null;
                    }
                }
                case "artifact" -> {
                    if (s == event.atSeconds()) {
                        double v = event.value();
                        switch (event.vital()) {
                            case "hr" -> hr = v;
                            case "rr" -> rr = v;
                            case "etco2" -> etco2 = v;
                            default -> { }
                        }
                    }
                }
                case "missing" -> {
                    if (event.covers(s)) {
                        switch (event.vital()) {
                            case "hr" -> hr = Double.NaN;
                            case "spo2" -> spo2 = Double.NaN;
                            case "rr" -> rr = Double.NaN;
                            case "etco2" -> etco2 = Double.NaN;
                            default -> { }
                        }
                    }
                }
                default -> { }
            }
        }
        return new Frame(sessionId, deviceId, seq++, start.plusSeconds(s), round(hr, 0, 300), round(spo2, 0, 100),
                round(rr, 0, 80), round(etco2, 0, 150), round(sbp, 20, 300), round(dbp, 10, 250), round(map, 15, 280));
    }

    /** The value with the scenario's ramps on {@code vital} applied at {@code second}. */
    private double event(String vital, int s, double model) {
        double value = model;
        for (Scenario.Event event : scenario.events()) {
            if (event.kind().equals("ramp") && event.vital().equals(vital)) {
                double w = event.weight(s);
                value = value * (1 - w) + event.value() * w;
            }
        }
        return value;
    }

    private static double average(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double round(double value, double min, double max) {
        return Double.isNaN(value) ? value : Math.max(min, Math.min(max, Math.round(value)));
    }
}
