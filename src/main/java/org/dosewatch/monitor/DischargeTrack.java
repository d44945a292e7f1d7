package org.dosewatch.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * The discharge gate of a session (docs/clinical-rules.md, discharge): since when its vitals have
 * been stable, and when every criterion first held, on the monitor's clock.
 */
final class DischargeTrack {

    private long lastUnstable = Long.MIN_VALUE;
    /** Device time when every discharge criterion first held; MIN_VALUE: not yet. */
    private long readyAt = Long.MIN_VALUE;

    /** The baseline froze at the dose: stability counts from there. */
    void dosed(long doseMillis) {
        lastUnstable = doseMillis;
    }

    /** Judges the frame at {@code ts} during the observation; answers whether the patient may go. */
    boolean ready(SessionMonitor m, RuleProfile.Discharge settings, long ts) {
        double within = settings.baselineFraction();
        BaselineVitals baseline = m.baseline();
        boolean stable = withinBaseline(m.median(Vital.HR), baseline.hr(), within)
                && withinBaseline(m.vitals().lastSbp(), baseline.sbp(), within)
                && withinBaseline(m.vitals().lastDbp(), baseline.dbp(), within)
                && News2.respiration(m.median(Vital.RR)) == 0
                && News2.saturation(m.median(Vital.SPO2)) == 0
                && m.openAlerts() == 0;
        if (!stable) {
            lastUnstable = ts;
            return false;
        }
        SessionFacts facts = m.facts();
        SessionFacts.Recovery recovery = facts.recovery();
        boolean ready = ts - facts.doseMillis() >= settings.observation(facts.drug()).toMillis()
                && ts - lastUnstable >= settings.stableFor().toMillis()
                && recovery.alertEnough(settings.moaas()) && recovery.recoveredEnough(settings.aldrete())
                && recovery.resolved();
        if (ready && readyAt == Long.MIN_VALUE) {
            readyAt = ts;
        }
        return ready;
    }

    /** The criteria at the newest frame ({@code now}). */
    DischargeGate gate(SessionMonitor m, RuleProfile.Discharge settings, long now) {
        SessionFacts facts = m.facts();
        Phase phase = m.phase();
        boolean dosed = facts.doseAt() != null;
        long observedUntil = dosed ? facts.doseMillis() + settings.observation(facts.drug()).toMillis() : Long.MAX_VALUE;
        boolean watching = phase == Phase.OBSERVATION || phase == Phase.DISCHARGE_READY;
        Duration stableFor = watching && now != Long.MIN_VALUE && lastUnstable != Long.MIN_VALUE && now >= lastUnstable
                ? Duration.ofMillis(now - lastUnstable) : Duration.ZERO;
        SessionFacts.Recovery recovery = facts.recovery();
        return new DischargeGate(settings, facts.drug(), dosed ? Instant.ofEpochMilli(observedUntil) : null, dosed && now >= observedUntil,
                stableFor, watching && stableFor.compareTo(settings.stableFor()) >= 0, m.openAlerts(), recovery,
                recovery.alertEnough(settings.moaas()), recovery.recoveredEnough(settings.aldrete()), recovery.resolved(),
                readyAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(readyAt), phase == Phase.DISCHARGE_READY);
    }

    private static boolean withinBaseline(double value, double base, double fraction) {
        return Double.isNaN(value) || Double.isNaN(base) || Math.abs(value - base) <= base * fraction;
    }

    void rebase(long shift) {
        lastUnstable = shifted(lastUnstable, shift);
        readyAt = shifted(readyAt, shift);
    }

    private static long shifted(long time, long shift) {
        return time == Long.MIN_VALUE ? time : time + shift;
    }

    void save(StateOut out, long base) {
        out.writeTime(lastUnstable, base);
        out.writeTime(readyAt, base);
    }

    /** Takes back what {@link #save} wrote; a state of layout 1 kept no readyAt. */
    void restore(StateIn in, long base, int layout) {
        lastUnstable = in.readTime(base);
        readyAt = layout >= 2 ? in.readTime(base) : Long.MIN_VALUE;
    }
}
