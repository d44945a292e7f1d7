package org.dosewatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The calibration targets of the drug model, for a seeded population of adults. */
class DrugModelTest {

    /** Response curve of one patient to 0.5 mg/kg IV over 40 minutes, one value a minute for 150 minutes. */
    private static double[][] ivInfusion(Patient patient) {
        DrugModel model = new DrugModel(Drug.KETAMINE, Route.IV, patient.weightKg(), patient.sensitivity(), patient.clearance());
        model.dose(0.5 * patient.weightKg(), 40);
        double[][] curve = new double[151][];
        for (int minute = 0; minute <= 150; minute++) {
            curve[minute] = new double[] {model.sbpFactor() - 1, model.hrFactor() - 1};
            for (int s = 0; s < 60; s++) {
                model.step(1.0 / 60);
            }
        }
        return curve;
    }

    @Test
    void halfAMilligramPerKiloOverFortyMinutesMatchesTheCalibrationTargets() {
        Random random = new Random(20261121);
        int patients = 200;
        double sbpPeak = 0;
        double hrPeak = 0;
        double peakMinute = 0;
        double sbpAt90 = 0;
        for (int i = 0; i < patients; i++) {
            double[][] curve = ivInfusion(Patient.draw(random));
            int peak = 0;
            for (int minute = 0; minute < curve.length; minute++) {
                if (curve[minute][0] > curve[peak][0]) {
                    peak = minute;
                }
            }
            sbpPeak += curve[peak][0] / patients;
            hrPeak += curve[peak][1] / patients;
            peakMinute += (double) peak / patients;
            sbpAt90 += curve[90][0] / patients;
        }

        assertThat(sbpPeak).as("SBP rise at the peak").isBetween(0.10, 0.20);
        assertThat(hrPeak).as("HR rise at the peak").isBetween(0.05, 0.15);
        assertThat(peakMinute).as("minute of the peak after the start").isBetween(30.0, 42.0);
        assertThat(sbpAt90).as("SBP rise at 90 minutes").isLessThan(0.10);
    }

    @Test
    void esketamineIntranasalActsAndWearsOff() {
        DrugModel model = new DrugModel(Drug.ESKETAMINE, Route.INTRANASAL, 70, 1, 1);
        model.dose(56, 0);
        double peak = 0;
        int peakMinute = 0;
        for (int minute = 1; minute <= 240; minute++) {
            for (int s = 0; s < 60; s++) {
                model.step(1.0 / 60);
            }
            if (model.sbpFactor() - 1 > peak) {
                peak = model.sbpFactor() - 1;
                peakMinute = minute;
            }
        }

        assertThat(peak).isBetween(0.08, 0.22);
        assertThat(peakMinute).isBetween(20, 60);
        assertThat(model.sbpFactor() - 1).as("after 4 hours").isLessThan(peak / 2);
    }

    @Test
    void noDoseNoEffect() {
        DrugModel model = new DrugModel(Drug.KETAMINE, Route.IM, 70, 1, 1);
        for (int s = 0; s < 3600; s++) {
            model.step(1.0 / 60);
        }

        assertThat(model.sbpFactor()).isEqualTo(1.0);
    }
}
