package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules on NIBP readings: each needs its number of readings, and clears on the next normal one. */
class BloodPressureRulesTest {

    private static Ward readings(Ward ward, double[]... cuffs) {
        for (double[] cuff : cuffs) {
            ward.cuff(cuff[0], cuff[1]).calm(179);
        }
        return ward;
    }

    private static double[] bp(double sbp, double dbp) {
        return new double[] {sbp, dbp};
    }

    @ParameterizedTest(name = "BP_SEVERE: {0}/{1} then {2}/{3} raises: {4}")
    @CsvSource({
            "181, 80, 181, 80, true",
            "180, 80, 185, 80, false",
            "150, 111, 150, 111, true",
            "150, 110, 150, 111, false",
            "190, 80, 150, 115, true",
    })
    void severeHypertensionNeedsTwoConsecutiveReadings(double sbp1, double dbp1, double sbp2, double dbp2, boolean raises) {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(124, 78), bp(sbp1, dbp1));
        assertThat(ward.of(RuleId.BP_SEVERE)).as("one reading is not enough").isEmpty();

        readings(ward, bp(sbp2, dbp2));

        assertThat(ward.raised().contains(RuleId.BP_SEVERE)).isEqualTo(raises);
    }

    @Test
    void severeHypertensionClearsOnTheNextReadingBackInsideByTheMargin() {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(190, 100), bp(192, 100), bp(178, 100));
        assertThat(ward.isOpen(RuleId.BP_SEVERE)).as("178 is inside 180 but not by 5 mmHg").isTrue();

        readings(ward, bp(175, 100));

        assertThat(ward.isOpen(RuleId.BP_SEVERE)).isFalse();
        assertThat(ward.raised()).filteredOn(r -> r == RuleId.BP_SEVERE).hasSize(1);
    }

    @ParameterizedTest(name = "BP_EMERGENCY on one reading of {0}/{1}: {2}")
    @CsvSource({"200, 90, true", "199, 119, false", "160, 120, true", "230, 130, true"})
    void anEmergencyReadingRaisesAtOnce(double sbp, double dbp, boolean raises) {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(sbp, dbp));

        assertThat(ward.raised().contains(RuleId.BP_EMERGENCY)).isEqualTo(raises);
        if (raises) {
            assertThat(ward.of(RuleId.BP_EMERGENCY).get(0).priority()).isEqualTo(Priority.HIGH);
        }
    }

    @ParameterizedTest(name = "BP_LOW on SBP {0}: {1}")
    @CsvSource({"89, true", "89.5, true", "90, false", "120, false"})
    void lowSystolicRaisesOnOneReading(double sbp, boolean raises) {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(sbp, 50));

        assertThat(ward.raised().contains(RuleId.BP_LOW)).isEqualTo(raises);
    }

    @Test
    void lowSystolicClearsOnlyFiveMmHgAbove() {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(85, 50), bp(93, 55));
        assertThat(ward.isOpen(RuleId.BP_LOW)).isTrue();

        readings(ward, bp(95, 55));

        assertThat(ward.isOpen(RuleId.BP_LOW)).isFalse();
    }

    @ParameterizedTest(name = "BP_RISE over baseline 124/78: {0}/{1} twice raises: {2}")
    @CsvSource({"164, 80, true", "163, 80, false", "130, 103, true", "130, 102, false"})
    void aRiseOverBaselineNeedsTwoReadings(double sbp, double dbp, boolean raises) {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(sbp, dbp));
        assertThat(ward.of(RuleId.BP_RISE)).isEmpty();

        readings(ward, bp(sbp, dbp));

        assertThat(ward.raised().contains(RuleId.BP_RISE)).isEqualTo(raises);
    }

    @Test
    void aRiseNeedsABaselineAndUsesThePreDoseMedianWhenNoneWasGiven() {
        Ward noBaseline = Ward.session().registered(Drug.KETAMINE, Route.IM, 0, java.time.Duration.ZERO, BaselineVitals.UNKNOWN);
        readings(noBaseline.calm(1), bp(170, 80), bp(170, 80));
        assertThat(noBaseline.of(RuleId.BP_RISE)).as("no baseline: nothing to compare with").isEmpty();

        Ward measured = Ward.session().registered(Drug.KETAMINE, Route.IM, 600, java.time.Duration.ZERO, BaselineVitals.UNKNOWN);
        readings(measured, bp(118, 76), bp(122, 78), bp(126, 80));
        measured.calm(600 - (int) measured.second());
        readings(measured, bp(163, 80), bp(163, 80));

        assertThat(measured.monitor.baseline().sbp()).isEqualTo(122);
        assertThat(measured.raised()).contains(RuleId.BP_RISE);
    }

    @Test
    void aCalmFrameWithoutACuffCycleChangesNoBloodPressureRule() {
        Ward ward = readings(Ward.session().dosed().calm(5), bp(185, 80));
        ward.calm(600);
        readings(ward, bp(186, 80));

        assertThat(ward.raised()).contains(RuleId.BP_SEVERE);
    }
}
