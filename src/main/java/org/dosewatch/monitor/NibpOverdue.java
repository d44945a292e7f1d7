package org.dosewatch.monitor;

import java.util.Map;

/** NIBP_OVERDUE: during dosing and observation, no blood pressure reading for the profile's interval. */
final class NibpOverdue implements Rule {

    private final long overdueMillis;

    NibpOverdue(RuleProfile.Workflow workflow) {
        this.overdueMillis = workflow.nibpOverdue().toMillis();
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        long ts = session.now();
        if (session.reading().hasBloodPressure() || !session.dosed()) {
            alerts.clear(RuleId.NIBP_OVERDUE, ts, "NIBP measured");
            return;
        }
        long since = Math.max(session.vitals().lastBloodPressure(), session.facts().doseMillis());
        if (ts - since >= overdueMillis && !alerts.isOpen(RuleId.NIBP_OVERDUE)) {
            alerts.raise(RuleId.NIBP_OVERDUE, ts, ts, Vital.SBP, (ts - since) / 60000.0, overdueMillis / 60000.0, false,
                    v -> "No NIBP reading for " + Format.number(Math.floor(v)) + " min",
                    Map.of("lastNibpTs", session.vitals().lastBloodPressure() == Long.MIN_VALUE ? "none"
                            : java.time.Instant.ofEpochMilli(session.vitals().lastBloodPressure()).toString()));
        }
    }
}
