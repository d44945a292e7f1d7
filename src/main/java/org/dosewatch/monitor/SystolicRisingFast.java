package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * SBP_RISING_FAST: an early warning before BP_SEVERE. The least-squares line through the NIBP
 * readings of the window rises by the profile's change or more.
 */
final class SystolicRisingFast implements Rule {

    private final RuleProfile.Trend trend;
    private final SlopeWindow readings;

    SystolicRisingFast(RuleProfile.Trend trend) {
        this.trend = trend;
        this.readings = new SlopeWindow(trend.window().toMillis() + 1, 32);
    }

    @Override
    public void save(StateOut out, long base) {
        readings.save(out, base);
    }

    @Override
    public void restore(StateIn in, long base) {
        readings.restore(in, base);
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        if (!session.reading().hasBloodPressure()) {
            return;
        }
        long ts = session.now();
        readings.add(ts, session.reading().sbp());
        double rise = readings.fittedChange();
        if (readings.size() >= 2 && rise >= trend.change()) {
            long minutes = Math.max(1, Math.round(readings.spanMillis() / 60000.0));
            double sbp = session.reading().sbp();
            DoubleFunction<String> describe = v -> "SBP rising: up " + Format.number(Math.round(v)) + " mmHg in " + minutes
                    + " min, now " + Format.whole(sbp) + " mmHg";
            if (!alerts.isOpen(RuleId.SBP_RISING_FAST)) {
                alerts.raise(RuleId.SBP_RISING_FAST, ts, ts, Vital.SBP, rise, trend.change(), false, describe,
                        Map.of("sbp", sbp, "readings", readings.size(), "minutes", minutes));
            } else {
                alerts.observe(RuleId.SBP_RISING_FAST, ts, rise, describe);
            }
        } else if (rise < trend.change() - trend.margin()) {
            alerts.clear(RuleId.SBP_RISING_FAST, ts, "SBP no longer rising fast");
        }
    }
}
