package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * BP_RISE: after the dose, systolic or diastolic pressure above the patient's own baseline by
 * the profile's rise on consecutive NIBP readings. Needs a baseline (given, or the median of
 * the pre-dose readings).
 */
final class BloodPressureRise extends CuffRule {

    private final RuleProfile.Cuff rise;

    BloodPressureRise(RuleProfile.Cuff rise) {
        this.rise = rise;
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        if (!session.reading().hasBloodPressure() || !session.dosed()) {
            return;
        }
        BaselineVitals baseline = session.baseline();
        double sbpRise = session.reading().sbp() - baseline.sbp();
        double dbpRise = session.reading().dbp() - baseline.dbp();
        long ts = session.now();
        boolean sbpUp = sbpRise >= rise.sbp();
        boolean dbpUp = dbpRise >= rise.dbp();
        if (sbpUp || dbpUp) {
            int consecutive = past(ts);
            Vital vital = sbpUp ? Vital.SBP : Vital.DBP;
            double value = sbpUp ? session.reading().sbp() : session.reading().dbp();
            double base = sbpUp ? baseline.sbp() : baseline.dbp();
            double limit = base + (sbpUp ? rise.sbp() : rise.dbp());
            DoubleFunction<String> describe = v -> Format.past(vital, v, false) + ", " + Format.whole(v - base)
                    + " mmHg above baseline " + Format.whole(base);
            if (consecutive >= rise.readings() && !alerts.isOpen(RuleId.BP_RISE)) {
                alerts.raise(RuleId.BP_RISE, onset(), ts, vital, value, limit, false, describe,
                        Map.of("sbp", session.reading().sbp(), "dbp", session.reading().dbp(),
                                "baselineSbp", baseline.sbp(), "baselineDbp", baseline.dbp()));
            } else {
                alerts.observe(RuleId.BP_RISE, ts, value, describe);
            }
            return;
        }
        reset();
        // NaN (no baseline for one of them) compares false, so it never holds an alert open.
        if (alerts.isOpen(RuleId.BP_RISE) && !(sbpRise > rise.sbp() - rise.margin())
                && !(dbpRise > rise.dbp() - rise.margin())) {
            alerts.clear(RuleId.BP_RISE, ts, "NIBP back within " + Format.number(rise.sbp() - rise.margin())
                    + "/" + Format.number(rise.dbp() - rise.margin()) + " mmHg of baseline");
        }
    }
}
