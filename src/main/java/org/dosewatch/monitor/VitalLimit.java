package org.dosewatch.monitor;

import java.util.Map;

/**
 * A limit on one frame-by-frame vital (SpO2, RR, HR): raised when the value has been past the
 * limit for the rule's delay, kept open while it hovers near the limit, cleared once it has
 * been back past the limit by the margin for the clear hold.
 */
final class VitalLimit extends PersistentRule {

    enum Side { BELOW, ABOVE }

    private final RuleId rule;
    private final Vital vital;
    private final Side side;
    private final boolean inclusive;
    private final double limit;
    private final double margin;

    VitalLimit(RuleId rule, Vital vital, Side side, boolean inclusive, RuleProfile.Threshold threshold, long clearAfterMillis,
               long holdMillis) {
        super(threshold.delay().toMillis(), clearAfterMillis, holdMillis);
        this.rule = rule;
        this.vital = vital;
        this.side = side;
        this.inclusive = inclusive;
        this.limit = threshold.limit();
        this.margin = threshold.margin();
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        double value = vital.of(session.reading());
        if (Double.isNaN(value)) {
            return;
        }
        long ts = session.now();
        if (breaches(value)) {
            long onset = holds(ts);
            if (onset != Persistence.NONE && !alerts.isOpen(rule)) {
                alerts.raise(rule, onset, ts, vital, value, limit, side == Side.BELOW, this::describe,
                        Map.of("values", session.vitals().evidence(vital, onset), "heldSeconds", (ts - onset) / 1000));
            } else {
                alerts.observe(rule, ts, value, this::describe);
            }
        } else if (clears(ts, side == Side.BELOW ? value >= limit + margin : value <= limit - margin)
                && alerts.isOpen(rule)) {
            alerts.clear(rule, ts, Format.value(vital, value) + " back within limits");
            reset();
        }
    }

    private boolean breaches(double value) {
        return switch (side) {
            case BELOW -> inclusive ? value <= limit : value < limit;
            case ABOVE -> inclusive ? value >= limit : value > limit;
        };
    }

    private String describe(double value) {
        String relation = switch (side) {
            case BELOW -> inclusive ? "at or below" : "below";
            case ABOVE -> inclusive ? "at or above" : "above";
        };
        return Format.past(vital, value, side == Side.BELOW) + " " + relation + " " + Format.number(limit) + " " + vital.unit();
    }
}
