package org.dosewatch.monitor;

/**
 * A session's NEWS2, scored on the smoothed monitor values and what a nurse recorded, and
 * scored again only when one of them moved: most frames change no median.
 */
final class News2Track {

    private News2 news2 = News2.NONE;
    private double rr = Double.NaN;
    private double spo2 = Double.NaN;
    private double sbp = Double.NaN;
    private double hr = Double.NaN;
    /** The recorded parameters the current score was made with. */
    private SessionFacts.Recorded recorded = SessionFacts.Recorded.NONE;

    News2 score() {
        return news2;
    }

    /** The values now; the score follows them. */
    void values(double rr, double spo2, double hr, double sbp, SessionFacts.Recorded recorded) {
        if (same(rr, this.rr) && same(spo2, this.spo2) && same(hr, this.hr) && same(sbp, this.sbp) && recorded == this.recorded) {
            return;
        }
        this.rr = rr;
        this.spo2 = spo2;
        this.hr = hr;
        this.sbp = sbp;
        this.recorded = recorded;
        // Oxygen, consciousness and temperature count from when a nurse records them (else 0).
        if (recorded.any() || !news2.scores(rr, spo2, sbp, hr)) {
            news2 = News2.of(rr, spo2, sbp, hr, recorded.onOxygen(), recorded.newConfusion(), recorded.temperature());
        }
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    void save(StateOut out) {
        out.writeValue(rr);
        out.writeValue(spo2);
        out.writeValue(sbp);
        out.writeValue(hr);
    }

    /** Takes back what {@link #save} wrote; the recorded parameters count again with the session's record. */
    void restore(StateIn in) {
        rr = in.readValue();
        spo2 = in.readValue();
        sbp = in.readValue();
        hr = in.readValue();
        news2 = Double.isNaN(rr) && Double.isNaN(spo2) && Double.isNaN(sbp) && Double.isNaN(hr) ? News2.NONE
                : News2.of(rr, spo2, sbp, hr, false, false, Double.NaN);
    }
}
