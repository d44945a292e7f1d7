package org.dosewatch.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.dosewatch.monitor.Vital;
import org.dosewatch.monitor.VitalSpec;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * What a rule setting may be set to for one session, so that an override cannot switch a rule
 * off by accident: a limit inside its vital's physiological range (the accepted ranges of
 * docs/contract.md section 1), no negative time, a hysteresis margin that still lets the alert
 * clear inside that range, counts and fractions that mean something.
 */
final class RuleSettingBounds {

    /** Threshold rules raised below their limit; the others are raised above it. */
    private static final Set<String> LOWER_LIMITS = Set.of("spo2-low", "spo2-critical", "rr-low", "rr-critical", "hr-low",
            "hr-critical-low");
    private static final Duration LONGEST = Duration.ofHours(24);

    private RuleSettingBounds() {
    }

    /**
     * Why {@code value} is not a possible value of {@code key} ({@code spo2-low.limit}, whose
     * default is {@code defaultValue}), or empty when it is; {@code setting} gives the session's
     * value of any other setting. The value is already known to be of the setting's type.
     */
    static Optional<String> check(String key, String value, String defaultValue, Function<String, String> setting) {
        int dot = key.indexOf('.');
        String rule = key.substring(0, dot);
        String field = key.substring(dot + 1);
        if (defaultValue != null && defaultValue.startsWith("PT")) {
            Duration duration = new DurationConverter().convert(value);
            return duration.isNegative() || duration.compareTo(LONGEST) > 0
                    ? Optional.of("must be a time between 0 and 24 hours") : Optional.empty();
        }
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
        String vital = rule.split("-")[0];
        return switch (field) {
            case "limit" -> outside(range(vital), number);
            case "margin" -> margin(rule, vital, number, setting);
            case "sbp", "dbp", "predose-sbp", "predose-dbp" -> pressure(rule, field.replace("predose-", ""), number);
            case "readings" -> number >= 1 && number <= 10 && number == Math.rint(number)
                    ? Optional.empty() : Optional.of("must be a whole number of NIBP readings from 1 to 10");
            case "fraction" -> number > 0 && number < 1 ? Optional.empty() : Optional.of("must be a fraction between 0 and 1");
            case "baseline-fraction" -> number > 0 && number <= 1 ? Optional.empty() : Optional.of("must be a fraction between 0 and 1");
            case "change" -> number > 0 && number <= 100 ? Optional.empty() : Optional.of("must be a change between 0 and 100");
            case "aggregate" -> number >= 0 && number <= 20 ? Optional.empty() : Optional.of("must be a NEWS2 score from 0 to 20");
            case "update-step.hr", "update-step.spo2", "update-step.rr", "update-step.etco2", "update-step.bp",
                 "update-step.score" -> number >= 0 && number <= 50
                    ? Optional.empty() : Optional.of("must be a step between 0 and 50");
            case "moaas" -> number >= 0 && number <= 5 && number == Math.rint(number)
                    ? Optional.empty() : Optional.of("must be a MOAA/S score from 0 to 5");
            case "aldrete" -> number >= 0 && number <= 10 && number == Math.rint(number)
                    ? Optional.empty() : Optional.of("must be a modified Aldrete score from 0 to 10");
            case "single-parameter" -> number >= 1 && number <= 99
                    ? Optional.empty() : Optional.of("must be a NEWS2 parameter score from 1 to 3 (99: never)");
            default -> Optional.empty();
        };
    }

    /**
     * Why {@code value} is below {@code floor}, a regulatory minimum of its setting (a time or a
     * number, as the setting is), or empty when it is not.
     */
    static Optional<String> below(String value, String floor) {
        if (floor.startsWith("PT")) {
            DurationConverter durations = new DurationConverter();
            Duration minimum = durations.convert(floor);
            return durations.convert(value).compareTo(minimum) < 0
                    ? Optional.of("is below the regulatory minimum of " + minimum.toMinutes() + " min (" + floor
                            + "): no override may shorten it")
                    : Optional.empty();
        }
        return Double.parseDouble(value) < Double.parseDouble(floor)
                ? Optional.of("is below the regulatory minimum of " + floor + ": no override may lower it")
                : Optional.empty();
    }

    /** The range a frame may carry for the vital a rule is named after; null for a rule not named after one. */
    private static VitalSpec range(String field) {
        Vital vital = Vital.of(field);
        return vital == null ? null : vital.spec();
    }

    private static Optional<String> outside(VitalSpec range, double value) {
        return range == null || range.accepts(value) ? Optional.empty()
                : Optional.of("must be between " + format(range.lowest()) + " and " + format(range.highest()) + " " + range.unit());
    }

    /** A margin is never negative, and a threshold's clearing point stays inside its vital's range. */
    private static Optional<String> margin(String rule, String vital, double margin, Function<String, String> setting) {
        if (margin < 0 || margin > 100) {
            return Optional.of("must be a margin between 0 and 100");
        }
        VitalSpec range = range(vital);
        String limit = setting.apply(rule + ".limit");
        if (range == null || limit == null) {
            return Optional.empty();
        }
        double clearsAt = LOWER_LIMITS.contains(rule) ? Double.parseDouble(limit) + margin : Double.parseDouble(limit) - margin;
        return range.accepts(clearsAt) ? Optional.empty()
                : Optional.of("would clear only at " + format(clearsAt) + " " + range.unit() + ", outside " + format(range.lowest())
                        + ".." + format(range.highest()) + ": the alert would never clear");
    }

    /** A blood pressure limit, or for BP_RISE a rise over baseline; NaN leaves that side unwatched. */
    private static Optional<String> pressure(String rule, String side, double value) {
        if (Double.isNaN(value) && !rule.equals("workflow")) {
            return Optional.empty();
        }
        if (rule.equals("bp-rise")) {
            return value > 0 && value <= 150 ? Optional.empty() : Optional.of("must be a rise between 0 and 150 mmHg");
        }
        return outside(range(side), value);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
