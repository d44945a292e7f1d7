package org.dosewatch.monitor;

/**
 * The baseline a session takes from its own readings when none was given: the median of each
 * vital over the frames before the dose (the last ten minutes of them; every NIBP reading).
 */
final class PreDoseBaseline {

    private static final long FRAME_SPAN = 10 * 60_000L;
    private static final long CUFF_SPAN = 24 * 3_600_000L;

    private final RollingMedian hr = new RollingMedian(FRAME_SPAN, 660);
    private final RollingMedian rr = new RollingMedian(FRAME_SPAN, 660);
    private final RollingMedian spo2 = new RollingMedian(FRAME_SPAN, 660);
    private final RollingMedian etco2 = new RollingMedian(FRAME_SPAN, 660);
    private final RollingMedian sbp = new RollingMedian(CUFF_SPAN, 64);
    private final RollingMedian dbp = new RollingMedian(CUFF_SPAN, 64);
    private long latest = Long.MIN_VALUE;

    void add(long ts, Reading reading) {
        latest = ts;
        add(hr, ts, reading.hr());
        add(rr, ts, reading.rr());
        add(spo2, ts, reading.spo2());
        add(etco2, ts, reading.etco2());
        add(sbp, ts, reading.sbp());
        add(dbp, ts, reading.dbp());
    }

    void save(StateOut out, long base) {
        out.writeTime(latest, base);
        for (RollingMedian median : new RollingMedian[] {hr, rr, spo2, etco2, sbp, dbp}) {
            median.save(out, base);
        }
    }

    void restore(StateIn in, long base) {
        latest = in.readTime(base);
        for (RollingMedian median : new RollingMedian[] {hr, rr, spo2, etco2, sbp, dbp}) {
            median.restore(in, base);
        }
    }

    BaselineVitals medians() {
        if (latest == Long.MIN_VALUE) {
            return BaselineVitals.UNKNOWN;
        }
        return new BaselineVitals(hr.median(latest), sbp.median(latest), dbp.median(latest), rr.median(latest),
                spo2.median(latest), etco2.median(latest));
    }

    private static void add(RollingMedian median, long ts, double value) {
        if (!Double.isNaN(value)) {
            median.add(ts, value);
        }
    }
}
