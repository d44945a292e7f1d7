package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * PREDOSE_BP_HIGH: before the dose, the baseline blood pressure (given, or the median of the
 * pre-dose NIBP readings so far) is above the profile's limits. Uncontrolled hypertension is a
 * contraindication: the dose record is refused until a clinician acknowledges this alert.
 */
final class PreDoseHypertension implements Rule {

    private final double sbpLimit;
    private final double dbpLimit;
    private int factsSeen = -1;

    PreDoseHypertension(RuleProfile.Workflow workflow) {
        this.sbpLimit = workflow.predoseSbp();
        this.dbpLimit = workflow.predoseDbp();
    }

    @Override
    public void save(StateOut out, long base) {
        out.writeInt(factsSeen);
    }

    @Override
    public void restore(StateIn in, long base) {
        factsSeen = in.readInt();
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        long ts = session.now();
        if (session.dosed()) {
            alerts.clear(RuleId.PREDOSE_BP_HIGH, ts, "Dose recorded");
            return;
        }
        // The baseline blood pressure changes only with a cuff reading or with what a clinician records.
        if (!session.reading().hasBloodPressure() && factsSeen == session.factsVersion()) {
            return;
        }
        factsSeen = session.factsVersion();
        BaselineVitals baseline = session.baseline();
        boolean sbpHigh = baseline.sbp() > sbpLimit;
        boolean dbpHigh = baseline.dbp() > dbpLimit;
        if (sbpHigh || dbpHigh) {
            Vital vital = sbpHigh ? Vital.SBP : Vital.DBP;
            double value = sbpHigh ? baseline.sbp() : baseline.dbp();
            double limit = sbpHigh ? sbpLimit : dbpLimit;
            DoubleFunction<String> describe = v -> "Pre-dose baseline " + Format.past(vital, v, false) + " above "
                    + Format.number(limit) + " mmHg: confirm before dosing";
            if (!alerts.isOpen(RuleId.PREDOSE_BP_HIGH)) {
                alerts.raise(RuleId.PREDOSE_BP_HIGH, ts, ts, vital, value, limit, false, describe,
                        Map.of("baselineSbp", baseline.sbp(), "baselineDbp", baseline.dbp()));
            } else {
                alerts.observe(RuleId.PREDOSE_BP_HIGH, ts, value, describe);
            }
        } else if (alerts.isOpen(RuleId.PREDOSE_BP_HIGH) && !Double.isNaN(baseline.sbp())) {
            alerts.clear(RuleId.PREDOSE_BP_HIGH, ts, "Pre-dose baseline " + Format.number(baseline.sbp()) + "/"
                    + Format.number(baseline.dbp()) + " mmHg within limits");
        }
    }
}
