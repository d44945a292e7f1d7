package org.dosewatch.monitor;

import java.util.Map;

/**
 * A limit on NIBP readings (BP_SEVERE, BP_EMERGENCY, BP_LOW): raised after the rule's number
 * of consecutive readings past the systolic or diastolic limit, cleared by the next reading
 * that is back past both limits by the margin. Frames without a cuff cycle change nothing.
 */
final class CuffLimit extends CuffRule {

    private final RuleId rule;
    private final boolean high;
    private final boolean inclusive;
    private final RuleProfile.Cuff limits;

    /**
     * @param high      true for limits that must not be exceeded, false for a floor
     * @param inclusive whether reaching the limit counts (BP_EMERGENCY: sbp >= 200)
     */
    CuffLimit(RuleId rule, boolean high, boolean inclusive, RuleProfile.Cuff limits) {
        this.rule = rule;
        this.high = high;
        this.inclusive = inclusive;
        this.limits = limits;
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        if (!session.reading().hasBloodPressure()) {
            return;
        }
        double sbp = session.reading().sbp();
        double dbp = session.reading().dbp();
        long ts = session.now();
        boolean sbpPast = past(sbp, limits.sbp());
        boolean dbpPast = past(dbp, limits.dbp());
        if (sbpPast || dbpPast) {
            int consecutive = past(ts);
            Vital vital = sbpPast ? Vital.SBP : Vital.DBP;
            double value = sbpPast ? sbp : dbp;
            double limit = sbpPast ? limits.sbp() : limits.dbp();
            if (consecutive >= limits.readings() && !alerts.isOpen(rule)) {
                alerts.raise(rule, onset(), ts, vital, value, limit, !high, v -> describe(vital, v, limit),
                        Map.of("sbp", sbp, "dbp", dbp, "consecutiveReadings", consecutive));
            } else {
                alerts.observe(rule, ts, value, v -> describe(vital, v, limit));
            }
            return;
        }
        reset();
        double margin = high ? -limits.margin() : limits.margin();
        if (alerts.isOpen(rule) && !past(sbp, limits.sbp() + margin) && !past(dbp, limits.dbp() + margin)) {
            alerts.clear(rule, ts, "NIBP " + Format.whole(sbp) + "/" + Format.whole(dbp) + " mmHg back within limits");
        }
    }

    private boolean past(double value, double limit) {
        if (Double.isNaN(limit)) {
            return false;
        }
        if (high) {
            return inclusive ? value >= limit : value > limit;
        }
        return inclusive ? value <= limit : value < limit;
    }

    private String describe(Vital vital, double value, double limit) {
        String relation = high ? (inclusive ? "at or above" : "above") : (inclusive ? "at or below" : "below");
        String readings = limits.readings() > 1 ? " on " + limits.readings() + " consecutive readings" : "";
        return Format.past(vital, value, !high) + " " + relation + " " + Format.number(limit) + " mmHg" + readings;
    }
}
