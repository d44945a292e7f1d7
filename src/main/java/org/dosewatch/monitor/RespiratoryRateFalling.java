package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * RR_FALLING: after the dose, the respiratory rate has stayed below the patient's baseline by
 * the profile's fraction for the rule's delay; the early warning of respiratory depression.
 */
final class RespiratoryRateFalling extends PersistentRule {

    private final RuleProfile.RateFall fall;

    RespiratoryRateFalling(RuleProfile.RateFall fall, long clearAfterMillis, long holdMillis) {
        super(fall.delay().toMillis(), clearAfterMillis, holdMillis);
        this.fall = fall;
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        double rr = session.reading().rr();
        double base = session.baseline().rr();
        if (Double.isNaN(rr) || Double.isNaN(base) || !session.dosed()) {
            return;
        }
        double limit = base * (1 - fall.fraction());
        long ts = session.now();
        if (rr <= limit) {
            long onset = holds(ts);
            DoubleFunction<String> describe = v -> "RR " + Format.whole(v) + " /min, " + Math.round(100 * (1 - v / base))
                    + " % below baseline " + Format.whole(base) + " /min";
            if (onset != Persistence.NONE && !alerts.isOpen(RuleId.RR_FALLING)) {
                alerts.raise(RuleId.RR_FALLING, onset, ts, Vital.RR, rr, limit, true, describe,
                        Map.of("values", session.vitals().evidence(Vital.RR, onset), "baselineRr", base));
            } else {
                alerts.observe(RuleId.RR_FALLING, ts, rr, describe);
            }
        } else if (clears(ts, rr >= limit + fall.margin()) && alerts.isOpen(RuleId.RR_FALLING)) {
            alerts.clear(RuleId.RR_FALLING, ts, "RR " + Format.whole(rr) + " /min back towards baseline");
            reset();
        }
    }
}
