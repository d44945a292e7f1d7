package org.dosewatch.monitor;

import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * SPO2_FALLING: an early warning before SPO2_LOW. The least-squares line through the SpO2
 * frames of the window falls by the profile's change or more while SpO2 is still at or above
 * the SPO2_LOW limit. It stays open while the fall goes on and clears once the line has
 * flattened past the margin for the clear hold.
 */
final class SpO2Falling extends PersistentRule {

    /** A trend needs this much time in the window, so a few frames cannot make one. */
    private static final long MIN_SPAN_MILLIS = 30_000;

    private final RuleProfile.Trend trend;
    private final double lowLimit;
    private final SlopeWindow frames;

    SpO2Falling(RuleProfile.Trend trend, double lowLimit, long clearAfterMillis, long holdMillis) {
        super(0, clearAfterMillis, holdMillis);
        this.trend = trend;
        this.lowLimit = lowLimit;
        this.frames = new SlopeWindow(trend.window().toMillis() + 1, (int) (trend.window().toSeconds() * 2 + 8));
    }

    @Override
    public void save(StateOut out, long base) {
        super.save(out, base);
        frames.save(out, base);
    }

    @Override
    public void restore(StateIn in, long base) {
        super.restore(in, base);
        frames.restore(in, base);
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        double spo2 = session.reading().spo2();
        if (Double.isNaN(spo2)) {
            return;
        }
        long ts = session.now();
        frames.add(ts, spo2);
        double fall = -frames.fittedChange();
        boolean falling = frames.spanMillis() >= MIN_SPAN_MILLIS && fall >= trend.change();
        boolean open = alerts.isOpen(RuleId.SPO2_FALLING);
        if (falling && (open || session.median(Vital.SPO2) >= lowLimit)) {
            long onset = holds(ts);
            long seconds = Math.round(frames.spanMillis() / 1000.0);
            DoubleFunction<String> describe = v -> "SpO2 falling: down " + Format.whole(v) + " points in " + seconds
                    + " s, now " + Format.whole(spo2) + " %";
            if (!open) {
                alerts.raise(RuleId.SPO2_FALLING, onset, ts, Vital.SPO2, fall, trend.change(), false, describe,
                        Map.of("values", session.vitals().evidence(Vital.SPO2, ts - trend.window().toMillis())));
            } else {
                alerts.observe(RuleId.SPO2_FALLING, ts, fall, describe);
            }
        } else if (clears(ts, fall < trend.change() - trend.margin()) && open) {
            alerts.clear(RuleId.SPO2_FALLING, ts, "SpO2 no longer falling (" + Format.whole(spo2) + " %)");
            reset();
        }
    }
}
