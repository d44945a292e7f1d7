package org.dosewatch.simulator;

import java.util.Random;

/**
 * A simulated patient: resting vitals, weight, and how strongly and how long the drug acts.
 * Drawn from adult distributions with a seeded generator, so a seed is always the same patient.
 *
 * @param sensitivity  response to a given concentration (1 typical; log-normal, sd 0.25)
 * @param clearance    drug clearance (1 typical; log-normal, sd 0.2)
 * @param oximeterSeconds how many seconds the pulse oximeter averages (4 to 8, like real ones)
 */
public record Patient(double weightKg, double hr, double sbp, double dbp, double rr, double spo2, double etco2,
                      double sensitivity, double clearance, int oximeterSeconds) {

    public static Patient draw(Random random) {
        // Adults fit for a dosing session: hypertension is a scenario of its own (predose-hypertension).
        double sbp = clamp(122 + 8 * random.nextGaussian(), 102, 132);
        return new Patient(
                clamp(74 + 12 * random.nextGaussian(), 48, 120),
                clamp(72 + 8 * random.nextGaussian(), 55, 95),
                sbp,
                clamp(sbp * 0.63 + 4 * random.nextGaussian(), 62, 84),
                clamp(14.5 + 1.5 * random.nextGaussian(), 13, 18),
                clamp(97.5 + 0.8 * random.nextGaussian(), 96, 99.5),
                clamp(37 + 2.5 * random.nextGaussian(), 32, 43),
                Math.exp(0.25 * random.nextGaussian()),
                Math.exp(0.2 * random.nextGaussian()),
                4 + random.nextInt(5));
    }

    /** The same patient with the scenario's fixed values where it gives them. */
    public Patient with(Scenario.PatientSpec spec) {
        if (spec == null) {
            return this;
        }
        return new Patient(or(spec.weightKg(), weightKg), or(spec.hr(), hr), or(spec.sbp(), sbp), or(spec.dbp(), dbp),
                or(spec.rr(), rr), or(spec.spo2(), spo2), or(spec.etco2(), etco2), or(spec.sensitivity(), sensitivity),
                clearance, oximeterSeconds);
    }

    private static double or(Double given, double drawn) {
        return given == null ? drawn : given;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
