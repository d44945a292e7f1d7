package org.dosewatch.monitor;

import java.util.Map;

/**
 * BP_40MIN_MISSING: the esketamine label asks for blood pressure about 40 minutes after the
 * dose. Raised once the check window has passed with no NIBP reading inside it; cleared by the
 * next NIBP reading.
 */
final class BloodPressureCheckMissing implements Rule {

    private final long fromMillis;
    private final long toMillis;
    private boolean checkMade;
    private boolean judged;

    BloodPressureCheckMissing(RuleProfile.Workflow workflow) {
        this.fromMillis = workflow.bpCheckFrom().toMillis();
        this.toMillis = workflow.bpCheckTo().toMillis();
    }

    @Override
    public void save(StateOut out, long base) {
        out.writeBoolean(checkMade);
        out.writeBoolean(judged);
    }

    @Override
    public void restore(StateIn in, long base) {
        checkMade = in.readBoolean();
        judged = in.readBoolean();
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        if (!session.dosed()) {
            return;
        }
        long ts = session.now();
        long sinceDose = ts - session.facts().doseMillis();
        if (session.reading().hasBloodPressure()) {
            checkMade |= sinceDose >= fromMillis && sinceDose <= toMillis;
            alerts.clear(RuleId.BP_40MIN_MISSING, ts, "NIBP measured");
        } else if (!judged && !checkMade && sinceDose > toMillis) {
            judged = true;
            alerts.raise(RuleId.BP_40MIN_MISSING, ts, ts, Vital.SBP, sinceDose / 60000.0, toMillis / 60000.0, false,
                    v -> "No NIBP reading between " + fromMillis / 60000 + " and " + toMillis / 60000 + " min after the dose",
                    Map.of("doseAt", session.facts().doseAt().toString()));
        }
        judged |= checkMade;
    }
}
