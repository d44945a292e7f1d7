package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * RESP_DEPRESSION: the most dangerous ketamine event. A low respiratory rate (RR_LOW or
 * RR_CRITICAL) at the same time as falling or low oxygen saturation (SPO2_FALLING, SPO2_LOW
 * or SPO2_CRITICAL). Raised at once, since its parts have already waited their delays;
 * evaluated after them.
 */
final class RespiratoryDepression implements Rule {

    private final double rrLowLimit;

    RespiratoryDepression(double rrLowLimit) {
        this.rrLowLimit = rrLowLimit;
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        boolean breathingLow = alerts.isOpen(RuleId.RR_LOW) || alerts.isOpen(RuleId.RR_CRITICAL);
        boolean oxygenLow = alerts.isOpen(RuleId.SPO2_FALLING) || alerts.isOpen(RuleId.SPO2_LOW)
                || alerts.isOpen(RuleId.SPO2_CRITICAL);
        long ts = session.now();
        double rr = session.median(Vital.RR);
        if (breathingLow && oxygenLow) {
            double spo2 = session.median(Vital.SPO2);
            DoubleFunction<String> describe = v -> "Respiratory depression: RR " + Format.whole(v) + " /min with SpO2 "
                    + Format.whole(spo2) + " %";
            if (!alerts.isOpen(RuleId.RESP_DEPRESSION)) {
                alerts.raise(RuleId.RESP_DEPRESSION, ts, ts, Vital.RR, rr, rrLowLimit, true, describe,
                        Map.of("rr", rr, "spo2", spo2, "rrCritical", alerts.isOpen(RuleId.RR_CRITICAL),
                                "spo2Critical", alerts.isOpen(RuleId.SPO2_CRITICAL)));
            } else {
                alerts.observe(RuleId.RESP_DEPRESSION, ts, rr, describe);
            }
        } else {
            alerts.clear(RuleId.RESP_DEPRESSION, ts, "Respiratory rate and oxygen saturation no longer both low");
        }
    }
}
