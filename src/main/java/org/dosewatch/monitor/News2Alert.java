package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * NEWS2_MEDIUM and NEWS2_HIGH: the aggregate score (or, for MEDIUM, a single parameter scoring
 * 3) held for the rule's delay. Scored on each parameter's median over the smoothing window,
 * so one artefact frame changes nothing.
 */
final class News2Alert extends PersistentRule {

    private final RuleId rule;
    private final RuleProfile.Score score;

    News2Alert(RuleId rule, RuleProfile.Score score, long clearAfterMillis, long holdMillis) {
        super(score.delay().toMillis(), clearAfterMillis, holdMillis);
        this.rule = rule;
        this.score = score;
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        News2 news2 = session.news2();
        long ts = session.now();
        if (news2.score() >= score.aggregate() || news2.highestParameter() >= score.singleParameter()) {
            long onset = holds(ts);
            DoubleFunction<String> describe = v -> "NEWS2 " + Format.number(v) + " (RR " + news2.rr() + ", SpO2 "
                    + news2.spo2() + ", SBP " + news2.sbp() + ", pulse " + news2.pulse() + ")";
            if (onset != Persistence.NONE && !alerts.isOpen(rule)) {
                alerts.raise(rule, onset, ts, null, news2.score(), score.aggregate(), false, describe,
                        Map.of("score", news2.score(), "rr", news2.rr(), "spo2", news2.spo2(), "sbp", news2.sbp(),
                                "pulse", news2.pulse(), "risk", news2.risk().name()));
            } else {
                alerts.observe(rule, ts, news2.score(), describe);
            }
        } else if (clears(ts, true) && alerts.isOpen(rule)) {
            alerts.clear(rule, ts, "NEWS2 " + news2.score() + ", below " + score.aggregate());
            reset();
        }
    }
}
