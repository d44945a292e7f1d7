package org.dosewatch.monitor;

import java.util.Map;

/**
 * APNEA: no breath. With capnography in use (EtCO2 seen in the session), no frame with a
 * respiratory rate above zero for the profile's no-breath time; or a rate of zero held for
 * the zero-rate time. Cleared once breaths have been seen for the clear hold.
 */
final class Apnea implements Rule {

    private final long noBreathMillis;
    private final Persistence zeroRate;
    private final Persistence breathing;

    Apnea(RuleProfile.Apnea apnea, long clearAfterMillis, long holdMillis) {
        this.noBreathMillis = apnea.noBreath().toMillis();
        this.zeroRate = new Persistence(apnea.zeroRate().toMillis(), 0, holdMillis);
        this.breathing = new Persistence(0, clearAfterMillis, holdMillis);
    }

    @Override
    public void save(StateOut out, long base) {
        zeroRate.saveClocks(out, base);
        breathing.saveClocks(out, base);
    }

    @Override
    public void restore(StateIn in, long base) {
        zeroRate.restoreClocks(in, base);
        breathing.restoreClocks(in, base);
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        long ts = session.now();
        double rr = session.reading().rr();
        long breathless = ts - session.vitals().lastBreath();
        boolean noBreath = session.vitals().capnography() && breathless >= noBreathMillis;
        long zeroOnset = rr == 0 ? zeroRate.holds(ts) : Persistence.NONE;
        if (rr != 0) {
            zeroRate.reset();
        }
        boolean apnea = noBreath || zeroOnset != Persistence.NONE;
        if (apnea) {
            breathing.reset();
            long onset = zeroOnset != Persistence.NONE ? zeroOnset : session.vitals().lastBreath();
            if (!alerts.isOpen(RuleId.APNEA)) {
                alerts.raise(RuleId.APNEA, onset, ts, Vital.RR, 0, 0, true,
                        v -> "Apnea: no breath detected for " + (ts - onset) / 1000 + " s",
                        Map.of("secondsWithoutBreath", breathless / 1000, "capnography", session.vitals().capnography()));
            }
        } else if (rr > 0 && breathing.clears(ts, true) && alerts.isOpen(RuleId.APNEA)) {
            alerts.clear(RuleId.APNEA, ts, "Breathing detected again, RR " + Format.whole(rr) + " /min");
            breathing.reset();
        }
    }
}
