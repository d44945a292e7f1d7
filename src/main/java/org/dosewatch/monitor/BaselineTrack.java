package org.dosewatch.monitor;

/**
 * A session's baseline: the one a clinician gave, else the medians of the frames before the dose,
 * frozen at the dose (docs/clinical-rules.md, the timeline).
 */
final class BaselineTrack {

    /** Only while frames come before the dose; dropped once the baseline is frozen. */
    private PreDoseBaseline preDose;
    private BaselineVitals baseline = BaselineVitals.UNKNOWN;
    private boolean frozen;

    BaselineVitals value() {
        return baseline;
    }

    /** The session's record changed: a given baseline counts at once, until the dose froze it. */
    void recorded(SessionFacts facts) {
        if (!frozen) {
            baseline = facts.baseline().orElse(preDoseMedians());
        }
    }

    /** Takes a frame at device time {@code ts}; answers true when the dose froze the baseline with it. */
    boolean observe(SessionFacts facts, Reading frame, long ts) {
        if (ts < facts.doseMillis()) {
            if (preDose == null) {
                preDose = new PreDoseBaseline();
            }
            preDose.add(ts, frame);
            if (frame.hasBloodPressure() || baseline == BaselineVitals.UNKNOWN) {
                baseline = facts.baseline().orElse(preDose.medians());
            }
            return false;
        }
        if (frozen) {
            return false;
        }
        baseline = facts.baseline().orElse(preDoseMedians());
        frozen = true;
        preDose = null;
        return true;
    }

    private BaselineVitals preDoseMedians() {
        return preDose == null ? BaselineVitals.UNKNOWN : preDose.medians();
    }

    /** The pre-dose frames move by {@code shift} (SessionMonitor, rebase). */
    void rebase(long shift) {
        if (preDose != null) {
            StateOut out = new StateOut();
            preDose.save(out, 0);
            preDose.restore(new StateIn(out.toByteArray()), shift);
        }
    }

    /** Whether it froze, and its values, as the state's layout places them first. */
    void saveValues(StateOut out) {
        out.writeBoolean(frozen);
        for (Vital vital : new Vital[] {Vital.HR, Vital.SBP, Vital.DBP, Vital.RR, Vital.SPO2, Vital.ETCO2}) {
            out.writeValue(baseline.of(vital));
        }
    }

    void restoreValues(StateIn in) {
        frozen = in.readBoolean();
        baseline = new BaselineVitals(in.readValue(), in.readValue(), in.readValue(), in.readValue(), in.readValue(),
                in.readValue());
    }

    /** The pre-dose frames, as the layout places them after the smoothing windows. */
    void savePreDose(StateOut out, long base) {
        out.writeBoolean(preDose != null);
        if (preDose != null) {
            preDose.save(out, base);
        }
    }

    void restorePreDose(StateIn in, long base) {
        if (in.readBoolean()) {
            preDose = new PreDoseBaseline();
            preDose.restore(in, base);
        }
    }
}
