package org.dosewatch.monitor;

import java.util.Map;

/**
 * RR_FALLING: after the dose, the respiratory rate has stayed below the patient's baseline by
 * the profile's fraction for the rule's delay; the early warning of respiratory depression.
 */
final class RespiratoryRateFalling implements Rule {

    private final RuleProfile.RateFall fall;
    private final Persistence persistence;

    RespiratoryRateFalling(RuleProfile.RateFall fall, long clearAfterMillis) {
        this.fall = fall;
        this.persistence = new Persistence(fall.delay().toMillis(), clearAfterMillis);
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
            long onset = persistence.holds(ts);
            if (onset != Persistence.NONE && !alerts.isOpen(RuleId.RR_FALLING)) {
                alerts.raise(RuleId.RR_FALLING, onset, ts, Vital.RR, rr, limit, true,
                        v -> "RR " + Format.number(v) + " /min, " + Math.round(100 * (1 - v / base)) + " % below baseline "
                                + Format.number(base) + " /min",
                        Map.of("values", session.recent(Vital.RR).since(onset), "baselineRr", base));
            } else {
                alerts.observe(RuleId.RR_FALLING, ts, rr);
            }
        } else if (persistence.clears(ts, rr >= limit + fall.margin()) && alerts.isOpen(RuleId.RR_FALLING)) {
            alerts.clear(RuleId.RR_FALLING, ts, "RR " + Format.number(rr) + " /min back towards baseline");
            persistence.reset();
        }
    }
}
