package org.dosewatch.monitor;

import java.util.EnumMap;
import java.util.List;

/**
 * What a session's frames said, on device time: the smoothed HR, SpO2 and RR, when each vital and
 * the last frame were seen (and received), the last breath, the last NIBP, whether capnography is
 * in use. The rules read it through the monitor.
 */
final class VitalTrack {

    private static final Vital[] VITALS = Vital.values();
    /** The vitals that are smoothed (NEWS2, trends, discharge) and kept as evidence. */
    static final Vital[] SMOOTHED = {Vital.HR, Vital.SPO2, Vital.RR};

    private final EnumMap<Vital, RollingMedian> medians = new EnumMap<>(Vital.class);
    private final long[] lastSeen = new long[VITALS.length];
    private long lastFrame = Long.MIN_VALUE;
    private long lastFrameWall;
    private long lastBreath = Long.MIN_VALUE;
    private long lastBloodPressure = Long.MIN_VALUE;
    private double lastSbp = Double.NaN;
    private double lastDbp = Double.NaN;
    private boolean capnography;

    VitalTrack(long smoothingMillis) {
        for (Vital vital : SMOOTHED) {
            medians.put(vital, new RollingMedian(smoothingMillis, (int) (smoothingMillis / 1000) + 8));
        }
        java.util.Arrays.fill(lastSeen, Long.MIN_VALUE);
    }

    /** Takes a frame at device time {@code ts}, received at {@code wallMillis}; a vital holds {@code holdMillis}. */
    void observe(Reading frame, long ts, long wallMillis, long holdMillis) {
        long rrSeen = lastSeen[Vital.RR.ordinal()];
        lastFrame = ts;
        lastFrameWall = wallMillis;
        for (Vital vital : VITALS) {
            double value = vital.of(frame);
            if (!Double.isNaN(value)) {
                lastSeen[vital.ordinal()] = ts;
                RollingMedian median = medians.get(vital);
                if (median != null) {
                    median.add(ts, value);
                }
            }
        }
        // After a gap in the respiratory rate, no-breath time counts from the first frame after it.
        boolean afterGap = Reading.present(frame.rr()) && rrSeen != Long.MIN_VALUE && ts - rrSeen > holdMillis;
        if (lastBreath == Long.MIN_VALUE || frame.rr() > 0 || afterGap) {
            lastBreath = ts;
        }
        capnography |= Reading.present(frame.etco2());
        if (frame.hasBloodPressure()) {
            lastBloodPressure = ts;
            lastSbp = frame.sbp();
            lastDbp = frame.dbp();
        }
    }

    /** Every device time moves by {@code shift}; the receiving clock's do not (SessionMonitor, rebase). */
    void rebase(long shift) {
        lastFrame = shifted(lastFrame, shift);
        lastBreath = shifted(lastBreath, shift);
        lastBloodPressure = shifted(lastBloodPressure, shift);
        for (int i = 0; i < lastSeen.length; i++) {
            lastSeen[i] = shifted(lastSeen[i], shift);
        }
        StateOut out = new StateOut();
        for (Vital vital : SMOOTHED) {
            out.reset();
            medians.get(vital).save(out, 0);
            medians.get(vital).restore(new StateIn(out.toByteArray()), shift);
        }
    }

    static long shifted(long time, long shift) {
        return time == Long.MIN_VALUE ? time : time + shift;
    }

    /** The last frame, breath and NIBP, as the state's layout places them before the discharge gate. */
    void saveLast(StateOut out, long base) {
        out.writeTime(lastFrame, base);
        out.writeLong(lastFrameWall - base);
        out.writeTime(lastBreath, base);
        out.writeTime(lastBloodPressure, base);
        out.writeValue(lastSbp);
        out.writeValue(lastDbp);
        out.writeBoolean(capnography);
    }

    void restoreLast(StateIn in, long base) {
        lastFrame = in.readTime(base);
        lastFrameWall = base + in.readLong();
        lastBreath = in.readTime(base);
        lastBloodPressure = in.readTime(base);
        lastSbp = in.readValue();
        lastDbp = in.readValue();
        capnography = in.readBoolean();
    }

    /** When each vital was seen, and the smoothing windows, as the layout places them after NEWS2. */
    void saveWindows(StateOut out, long base) {
        for (long seen : lastSeen) {
            out.writeTime(seen, base);
        }
        for (Vital vital : SMOOTHED) {
            medians.get(vital).save(out, base);
        }
    }

    void restoreWindows(StateIn in, long base) {
        for (int i = 0; i < lastSeen.length; i++) {
            lastSeen[i] = in.readTime(base);
        }
        for (Vital vital : SMOOTHED) {
            medians.get(vital).restore(in, base);
        }
    }

    double median(Vital vital, long now) {
        return medians.get(vital).median(now);
    }

    List<Double> evidence(Vital vital, long from) {
        return medians.get(vital).since(from);
    }

    long lastSeen(Vital vital) {
        return lastSeen[vital.ordinal()];
    }

    long lastFrame() {
        return lastFrame;
    }

    long lastFrameWall() {
        return lastFrameWall;
    }

    long lastBreath() {
        return lastBreath;
    }

    long lastBloodPressure() {
        return lastBloodPressure;
    }

    double lastSbp() {
        return lastSbp;
    }

    double lastDbp() {
        return lastDbp;
    }

    boolean capnography() {
        return capnography;
    }
}
