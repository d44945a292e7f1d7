package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limits on frame-by-frame vitals, each at its edge: the value that must not raise, the
 * value that must, the delay, one alert for a flapping value, and the hysteresis of clearing.
 */
class VitalLimitRulesTest {

    /** Frames of a calm patient with one vital replaced. */
    private static Ward hold(Ward ward, String vital, double value, int seconds) {
        DoubleUnaryOperator hr = t -> 72;
        DoubleUnaryOperator spo2 = t -> 98;
        DoubleUnaryOperator rr = t -> 14;
        switch (vital) {
            case "hr" -> hr = t -> value;
            case "spo2" -> spo2 = t -> value;
            case "rr" -> rr = t -> value;
            default -> throw new IllegalArgumentException(vital);
        }
        return ward.frames(seconds, hr, spo2, rr);
    }

    @ParameterizedTest(name = "{0}: {1} {3} raises nothing, {1} {4} raises after {5} s")
    @CsvSource({
            // rule,           vital, normal, inside, past, delay
            "SPO2_LOW,         spo2,  98,     90,     89.9, 15",
            "SPO2_CRITICAL,    spo2,  98,     85.1,   85,   0",
            "RR_LOW,           rr,    14,     11.1,   11,   15",
            "RR_CRITICAL,      rr,    14,     8.1,    8,    10",
            "RR_HIGH,          rr,    14,     24.9,   25,   15",
            "HR_HIGH,          hr,    72,     120,    120.1, 60",
            "HR_CRITICAL_HIGH, hr,    72,     139.9,  140,  10",
            "HR_LOW,           hr,    72,     50.1,   50,   10",
            "HR_CRITICAL_LOW,  hr,    72,     40.1,   40,   6",
    })
    void raisesJustPastTheLimitAfterItsDelayAndNotJustInside(RuleId rule, String vital, double normal, double inside,
                                                              double past, int delay) {
        Ward insideWard = hold(Ward.session().dosed().calm(5), vital, inside, 180);
        assertThat(insideWard.of(rule)).as("%s at %s", vital, inside).isEmpty();

        Ward pastWard = hold(Ward.session().dosed().calm(5), vital, past, delay + 1);
        assertThat(pastWard.raisedAt(rule)).as("raised at the second its delay is complete").isEqualTo(5 + delay);
        Transition raised = pastWard.of(rule).get(0);
        assertThat(raised.priority()).isEqualTo(rule.priority());
        assertThat(raised.vital().field()).isEqualTo(vital);
        assertThat(raised.value()).isEqualTo(past);
        assertThat(raised.onsetTs()).isEqualTo(Ward.T0.plusSeconds(5));
        assertThat(raised.message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}: {1} {3} for {4} s, one second short of its delay, raises nothing")
    @CsvSource({
            "SPO2_LOW,         spo2, 98, 88,  14",
            "RR_LOW,           rr,   14, 10,  14",
            "RR_CRITICAL,      rr,   14, 7,   9",
            "RR_HIGH,          rr,   14, 28,  14",
            "HR_HIGH,          hr,   72, 125, 59",
            "HR_CRITICAL_HIGH, hr,   72, 150, 9",
            "HR_LOW,           hr,   72, 48,  9",
            "HR_CRITICAL_LOW,  hr,   72, 38,  5",
    })
    void aConditionShorterThanItsDelayRaisesNothing(RuleId rule, String vital, double normal, double past, int seconds) {
        Ward ward = hold(Ward.session().dosed().calm(5), vital, past, seconds);
        hold(ward, vital, normal, 60);

        assertThat(ward.of(rule)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: flapping between {3} and {4} after raising stays one alert")
    @CsvSource({
            "SPO2_LOW,         spo2, 98, 89, 91",
            "SPO2_CRITICAL,    spo2, 98, 85, 86",
            "RR_CRITICAL,      rr,   14, 8,  9",
            "HR_CRITICAL_HIGH, hr,   72, 141, 137",
            "HR_LOW,           hr,   72, 49, 53",
    })
    void aValueFlappingAroundTheLimitRaisesOneAlert(RuleId rule, String vital, double normal, double past, double near) {
        Ward ward = hold(Ward.session().dosed().calm(5), vital, past, 70);
        for (int i = 0; i < 20; i++) {
            hold(ward, vital, near, 3);
            hold(ward, vital, past, 3);
        }

        assertThat(ward.raised()).filteredOn(r -> r == rule).hasSize(1);
        assertThat(ward.isOpen(rule)).as("inside the hysteresis band it stays open").isTrue();
    }

    @ParameterizedTest(name = "{0}: clears only {5} s after {1} is back by the margin ({4})")
    @CsvSource({
            "SPO2_LOW,         spo2, 88,  91,  92,  10",
            "RR_LOW,           rr,   10,  12,  13,  10",
            "RR_HIGH,          rr,   27,  24,  23,  10",
            "HR_HIGH,          hr,   130, 118, 115, 10",
            "HR_CRITICAL_LOW,  hr,   35,  43,  45,  10",
    })
    void clearingNeedsTheHysteresisMarginForTheClearHold(RuleId rule, String vital, double past, double nearLimit,
                                                         double pastMargin, int hold) {
        Ward ward = hold(Ward.session().dosed().calm(5), vital, past, 70);
        assertThat(ward.isOpen(rule)).isTrue();

        hold(ward, vital, nearLimit, 60);
        assertThat(ward.isOpen(rule)).as("back inside the limit but not by the margin").isTrue();

        hold(ward, vital, pastMargin, hold);
        assertThat(ward.isOpen(rule)).as("one second short of the clear hold").isTrue();
        hold(ward, vital, pastMargin, 1);
        assertThat(ward.isOpen(rule)).isFalse();
        assertThat(ward.of(rule).get(ward.of(rule).size() - 1).type()).isEqualTo(Transition.Type.CLEARED);
    }

    @ParameterizedTest(name = "SpO2 {0} raises SPO2_CRITICAL on its first frame")
    @CsvSource({"85", "84", "70"})
    void criticalDesaturationBypassesTheDelay(double spo2) {
        Ward ward = Ward.session().dosed().calm(5);
        ward.frame(72, spo2, 14, Ward.NONE, Ward.NONE, Ward.NONE);

        assertThat(ward.raisedAt(RuleId.SPO2_CRITICAL)).isEqualTo(5);
    }

    @Test
    void aSlowlyWorseningValueIsUpdatedOnlyOnceItHasMovedByItsVitalsStep() {
        Ward ward = Ward.session().dosed().calm(5);
        ward.frames(60, t -> 72, t -> 89 - t * 0.05, t -> 14);

        List<Transition> updates = ward.of(RuleId.SPO2_LOW).stream()
                .filter(t -> t.type() == Transition.Type.UPDATED).toList();
        assertThat(updates).as("89 %% falling to 86 %%: one step of 2 %%, not a row every 5 s").hasSize(1);
        assertThat(updates.get(0).worstValue()).isLessThanOrEqualTo(87);
    }

    @Test
    void aValueInTheMessageIsWholeAndRoundedTowardsTheWorseSoTheSentenceStaysTrue() {
        Ward ward = Ward.session().dosed().calm(5);
        ward.frames(30, t -> 121.5, t -> 89.5, t -> 14);

        assertThat(ward.of(RuleId.SPO2_LOW).get(0).message()).isEqualTo("SpO2 89 % below 90 %");
        ward.frames(70, t -> 121.5, t -> 89.5, t -> 14);
        assertThat(ward.of(RuleId.HR_HIGH).get(0).message()).isEqualTo("HR 122 /min above 120 /min");
    }

    @Test
    void aFastWorseningValueIsUpdatedAtMostEveryFiveSeconds() {
        Ward ward = Ward.session().dosed().calm(5);
        ward.frames(60, t -> 72, t -> 89 - t * 0.5, t -> 14);

        List<Transition> updates = ward.of(RuleId.SPO2_LOW).stream()
                .filter(t -> t.type() == Transition.Type.UPDATED).toList();
        assertThat(updates).hasSizeBetween(8, 12);
        for (int i = 1; i < updates.size(); i++) {
            assertThat(Duration.between(updates.get(i - 1).readingTs(), updates.get(i).readingTs()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
        assertThat(updates.get(updates.size() - 1).worstValue()).isLessThan(62);
    }
}
