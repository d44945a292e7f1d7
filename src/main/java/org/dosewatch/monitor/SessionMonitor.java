package org.dosewatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;


/**
 * Watches one dosing session: takes its frames in device-time order and the wall clock's
 * ticks, keeps what the rules need (smoothed values, the baseline, the phase, NEWS2) and runs
 * every rule of the profile. Not thread-safe: one session is evaluated by one thread at a time,
 * the one that owns its Kafka partition, and only that thread touches it; everyone else reads the
 * immutable {@link SessionSnapshot} it takes.
 */
public final class SessionMonitor {

    private static final Vital[] VITALS = Vital.values();
    /** The vitals that are smoothed (NEWS2, trends, discharge) and kept as evidence. */
    private static final Vital[] SMOOTHED = {Vital.HR, Vital.SPO2, Vital.RR};

    private final String sessionId;
    private RuleProfile profile;
    private final Alerts alerts;
    private Rule[] rules;
    private SignalLoss signalLoss;
    private final EnumMap<Vital, RollingMedian> medians = new EnumMap<>(Vital.class);
    private final long[] lastSeen = new long[Vital.values().length];
    /** Only while frames come before the dose; dropped once the baseline is frozen. */
    private PreDoseBaseline preDose;

    private SessionFacts facts = SessionFacts.UNREGISTERED;
    private int factsVersion;
    private BaselineVitals baseline = BaselineVitals.UNKNOWN;
    private boolean baselineFrozen;
    private Reading reading;
    /** The device of the newest frame evaluated; "" before the first. */
    private String lastDevice = "";
    private long now = Long.MIN_VALUE;
    private long lastFrame = Long.MIN_VALUE;
    private long lastFrameWall;
    private long lastBreath = Long.MIN_VALUE;
    private long lastBloodPressure = Long.MIN_VALUE;
    private double lastSbp = Double.NaN;
    private double lastDbp = Double.NaN;
    private boolean capnography;
    private News2 news2 = News2.NONE;
    private double news2Rr = Double.NaN;
    private double news2Spo2 = Double.NaN;
    private double news2Sbp = Double.NaN;
    private double news2Hr = Double.NaN;
    /** The recorded parameters the current NEWS2 was scored with. */
    private SessionFacts.Recorded news2Recorded = SessionFacts.Recorded.NONE;
    private long lastUnstable = Long.MIN_VALUE;
    /** Device time when every discharge criterion first held; MIN_VALUE: not yet. */
    private long readyAt = Long.MIN_VALUE;
    private Phase phase = Phase.PRE_DOSE;

    public SessionMonitor(String sessionId, RuleProfile profile) {
        this.sessionId = sessionId;
        this.profile = profile;
        this.alerts = new Alerts(sessionId, profile.lifecycle().updateInterval().toMillis(), profile.lifecycle().updateSteps());
        long smoothing = profile.lifecycle().smoothing().toMillis();
        for (Vital vital : SMOOTHED) {
            medians.put(vital, new RollingMedian(smoothing, (int) (smoothing / 1000) + 8));
        }
        java.util.Arrays.fill(lastSeen, Long.MIN_VALUE);
        this.rules = rules(profile);
    }

    /**
     * Takes a new rule profile (a clinician overrode some numbers). The rules start afresh;
     * the windows, the baseline and the open alerts stay, and the smoothing window keeps its
     * length. A rule's open alert clears by the new rule's limits.
     */
    public void reconfigure(RuleProfile updated) {
        if (!updated.equals(profile)) {
            profile = updated;
            rules = rules(updated);
        }
    }

    /**
     * How long a continuous vital's value holds without a frame carrying it: SIGNAL_LOSS's time, so
     * a gap in the data is either held across or raised as a technical alarm, never both and never
     * neither (docs/clinical-rules.md, device clocks).
     */
    private static long holdMillis(RuleProfile profile) {
        return profile.technical().signalLoss().toMillis();
    }

    private Rule[] rules(RuleProfile profile) {
        long clear = profile.lifecycle().clearAfter().toMillis();
        long hold = holdMillis(profile);
        signalLoss = new SignalLoss(profile.technical());
        return new Rule[] {
            new VitalLimit(RuleId.SPO2_LOW, Vital.SPO2, VitalLimit.Side.BELOW, false, profile.spo2Low(), clear, hold),
            new VitalLimit(RuleId.SPO2_CRITICAL, Vital.SPO2, VitalLimit.Side.BELOW, true, profile.spo2Critical(), clear, hold),
            new VitalLimit(RuleId.RR_LOW, Vital.RR, VitalLimit.Side.BELOW, true, profile.rrLow(), clear, hold),
            new VitalLimit(RuleId.RR_CRITICAL, Vital.RR, VitalLimit.Side.BELOW, true, profile.rrCritical(), clear, hold),
            new VitalLimit(RuleId.RR_HIGH, Vital.RR, VitalLimit.Side.ABOVE, true, profile.rrHigh(), clear, hold),
            new VitalLimit(RuleId.HR_HIGH, Vital.HR, VitalLimit.Side.ABOVE, false, profile.hrHigh(), clear, hold),
            new VitalLimit(RuleId.HR_CRITICAL_HIGH, Vital.HR, VitalLimit.Side.ABOVE, true, profile.hrCriticalHigh(), clear, hold),
            new VitalLimit(RuleId.HR_LOW, Vital.HR, VitalLimit.Side.BELOW, true, profile.hrLow(), clear, hold),
            new VitalLimit(RuleId.HR_CRITICAL_LOW, Vital.HR, VitalLimit.Side.BELOW, true, profile.hrCriticalLow(), clear, hold),
            new Apnea(profile.apnea(), clear, hold),
            new CuffLimit(RuleId.BP_SEVERE, true, false, profile.bpSevere()),
            new CuffLimit(RuleId.BP_EMERGENCY, true, true, profile.bpEmergency()),
            new CuffLimit(RuleId.BP_LOW, false, false, profile.bpLow()),
            new BloodPressureRise(profile.bpRise()),
            new SystolicRisingFast(profile.sbpRisingFast()),
            new SpO2Falling(profile.spo2Falling(), profile.spo2Low().limit(), clear, hold),
            new RespiratoryRateFalling(profile.rrFalling(), clear, hold),
            new News2Alert(RuleId.NEWS2_MEDIUM, profile.news2Medium(), clear, hold),
            new News2Alert(RuleId.NEWS2_HIGH, profile.news2High(), clear, hold),
            new SensorStale(profile.technical()),
            new NibpOverdue(profile.workflow()),
            new BloodPressureCheckMissing(profile.workflow()),
            new PreDoseHypertension(profile.workflow()),
            signalLoss,
            // Last: it reads the alerts the others have just raised or cleared.
            new RespiratoryDepression(profile.rrLow().limit()),
        };
    }

    /**
     * What the clinicians recorded changed (registration, dose, end). Ending the session clears
     * its open alerts and silences it.
     */
    public void session(SessionFacts updated, TransitionSink sink) {
        boolean ending = updated.endedAt() != null && facts.endedAt() == null;
        facts = updated;
        factsVersion++;
        if (!baselineFrozen) {
            baseline = facts.baseline().orElse(preDoseMedians());
        }
        if (ending) {
            alerts.to(sink);
            // After every frame seen, so the clearing is never taken for a replay of an earlier one.
            long at = now == Long.MIN_VALUE ? updated.endedAt().toEpochMilli() : Math.max(updated.endedAt().toEpochMilli(), now + 1);
            alerts.endAll(at, "Session ended");
            alerts.silence();
            phase = Phase.ENDED;
        }
    }

    /** Evaluates one admitted frame; {@code wallMillis} is when it was received. */
    public void onReading(Reading frame, long wallMillis, TransitionSink sink) {
        long ts = frame.ts().toEpochMilli();
        alerts.to(sink);
        if (now != Long.MIN_VALUE && ts < now && frame.deviceId().equals(lastDevice)) {
            rebase(ts - now);
        }
        if (phase != Phase.ENDED) {
            signalLoss.frameArrives(this, ts, alerts);
        }
        observe(frame, ts, wallMillis);
        if (phase == Phase.ENDED) {
            return;
        }
        phase = timelinePhase(ts);
        scoreNews2();
        for (Rule rule : rules) {
            rule.evaluate(this, alerts);
        }
        if (phase == Phase.OBSERVATION && dischargeReady(ts)) {
            phase = Phase.DISCHARGE_READY;
        }
    }

    /** The wall clock moved on: notices a monitor that fell silent. */
    public void onTick(long wallMillis, TransitionSink sink) {
        if (phase == Phase.ENDED) {
            return;
        }
        alerts.to(sink);
        for (Rule rule : rules) {
            rule.tick(this, wallMillis, alerts);
        }
    }

    /**
     * A frame older than the newest evaluated, from the device that sent it: the device's clock
     * was set back, and the step was confirmed by the frames after it (FrameOrder). (Frames of two
     * devices whose clocks disagree are taken as they come, without moving anything.) Everything this monitor remembers on device
     * time moves by {@code shift}, so the frame lands where the last one did: delays and windows
     * go on with the time they had, and no rule waits for the old timeline to come round again.
     * Open alerts keep their onsets (their ids follow from them) and their transitions stay in
     * order; times kept on the receiving clock do not move.
     */
    private void rebase(long shift) {
        now += shift;
        lastFrame = shifted(lastFrame, shift);
        lastBreath = shifted(lastBreath, shift);
        lastBloodPressure = shifted(lastBloodPressure, shift);
        lastUnstable = shifted(lastUnstable, shift);
        readyAt = shifted(readyAt, shift);
        for (int i = 0; i < lastSeen.length; i++) {
            lastSeen[i] = shifted(lastSeen[i], shift);
        }
        // A part written with base 0 and read back with base {@code shift} has every time moved by it.
        StateOut out = new StateOut();
        for (Vital vital : SMOOTHED) {
            out.reset();
            medians.get(vital).save(out, 0);
            medians.get(vital).restore(new StateIn(out.toByteArray()), shift);
        }
        if (preDose != null) {
            out.reset();
            preDose.save(out, 0);
            preDose.restore(new StateIn(out.toByteArray()), shift);
        }
        for (Rule rule : rules) {
            out.reset();
            rule.save(out, 0);
            rule.restore(new StateIn(out.toByteArray()), shift);
        }
        alerts.rebase(shift);
    }

    private static long shifted(long time, long shift) {
        return time == Long.MIN_VALUE ? time : time + shift;
    }

    private void observe(Reading frame, long ts, long wallMillis) {
        long rrSeen = lastSeen[Vital.RR.ordinal()];
        reading = frame;
        lastDevice = frame.deviceId();
        now = ts;
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
        boolean afterGap = Reading.present(frame.rr()) && rrSeen != Long.MIN_VALUE && ts - rrSeen > holdMillis(profile);
        if (lastBreath == Long.MIN_VALUE || frame.rr() > 0 || afterGap) {
            lastBreath = ts;
        }
        capnography |= Reading.present(frame.etco2());
        if (frame.hasBloodPressure()) {
            lastBloodPressure = ts;
            lastSbp = frame.sbp();
            lastDbp = frame.dbp();
        }
        if (ts < facts.doseMillis()) {
            if (preDose == null) {
                preDose = new PreDoseBaseline();
            }
            preDose.add(ts, frame);
            if (frame.hasBloodPressure() || baseline == BaselineVitals.UNKNOWN) {
                baseline = facts.baseline().orElse(preDose.medians());
            }
        } else if (!baselineFrozen) {
            baseline = facts.baseline().orElse(preDoseMedians());
            baselineFrozen = true;
            preDose = null;
            lastUnstable = facts.doseMillis();
        }
    }

    private BaselineVitals preDoseMedians() {
        return preDose == null ? BaselineVitals.UNKNOWN : preDose.medians();
    }

    private Phase timelinePhase(long ts) {
        if (ts < facts.doseMillis()) {
            return Phase.PRE_DOSE;
        }
        return ts < facts.doseMillis() + facts.administration().toMillis() ? Phase.DOSING : Phase.OBSERVATION;
    }

    /** NEWS2 on smoothed values, recomputed only when one of them moved. */
    private void scoreNews2() {
        double rr = median(Vital.RR);
        double spo2 = median(Vital.SPO2);
        double hr = median(Vital.HR);
        double sbp = lastSbp;
        SessionFacts.Recorded recorded = facts.recorded();
        if (same(rr, news2Rr) && same(spo2, news2Spo2) && same(hr, news2Hr) && same(sbp, news2Sbp)
                && recorded == news2Recorded) {
            return;
        }
        news2Rr = rr;
        news2Spo2 = spo2;
        news2Hr = hr;
        news2Sbp = sbp;
        news2Recorded = recorded;
        // Oxygen, consciousness and temperature count from when a nurse records them (else 0).
        if (recorded.any() || !news2.scores(rr, spo2, sbp, hr)) {
            news2 = News2.of(rr, spo2, sbp, hr, recorded.onOxygen(), recorded.newConfusion(), recorded.temperature());
        }
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    private boolean dischargeReady(long ts) {
        RuleProfile.Discharge discharge = profile.discharge();
        double within = discharge.baselineFraction();
        boolean stable = withinBaseline(median(Vital.HR), baseline.hr(), within)
                && withinBaseline(lastSbp, baseline.sbp(), within)
                && withinBaseline(lastDbp, baseline.dbp(), within)
                && News2.respiration(median(Vital.RR)) == 0
                && News2.saturation(median(Vital.SPO2)) == 0
                && !alerts.anyOpen();
        if (!stable) {
            lastUnstable = ts;
            return false;
        }
        SessionFacts.Recovery recovery = facts.recovery();
        boolean ready = ts - facts.doseMillis() >= discharge.observation(facts.drug()).toMillis()
                && ts - lastUnstable >= discharge.stableFor().toMillis()
                && recovery.alertEnough(discharge.moaas()) && recovery.recoveredEnough(discharge.aldrete())
                && recovery.resolved();
        if (ready && readyAt == Long.MIN_VALUE) {
            readyAt = ts;
        }
        return ready;
    }

    /** Everything a person sees of the session now, whole; taken by the thread that evaluates it. */
    public SessionSnapshot snapshot() {
        return new SessionSnapshot(phase, news2, facts.recorded(), facts.label(), baseline, discharge(), alerts.openCount());
    }

    /** The discharge criteria at the newest frame. */
    public DischargeGate discharge() {
        RuleProfile.Discharge settings = profile.discharge();
        boolean dosed = facts.doseAt() != null;
        long observedUntil = dosed ? facts.doseMillis() + settings.observation(facts.drug()).toMillis() : Long.MAX_VALUE;
        boolean watching = phase == Phase.OBSERVATION || phase == Phase.DISCHARGE_READY;
        Duration stableFor = watching && now != Long.MIN_VALUE && lastUnstable != Long.MIN_VALUE && now >= lastUnstable
                ? Duration.ofMillis(now - lastUnstable) : Duration.ZERO;
        SessionFacts.Recovery recovery = facts.recovery();
        return new DischargeGate(settings, facts.drug(), dosed ? Instant.ofEpochMilli(observedUntil) : null, dosed && now >= observedUntil,
                stableFor, watching && stableFor.compareTo(settings.stableFor()) >= 0, alerts.openCount(), recovery,
                recovery.alertEnough(settings.moaas()), recovery.recoveredEnough(settings.aldrete()), recovery.resolved(),
                readyAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(readyAt), phase == Phase.DISCHARGE_READY);
    }

    private static boolean withinBaseline(double value, double base, double fraction) {
        return Double.isNaN(value) || Double.isNaN(base) || Math.abs(value - base) <= base * fraction;
    }

    /** Version of the layout {@link #save} writes; a state of another version is not read. */
    private static final int STATE_VERSION = Persistence.LAYOUT_WITH_LAST;

    /**
     * Writes everything this monitor remembers between frames: windows, baseline, clocks, phase,
     * open episodes and each rule's own state. The profile and the facts are not written: they
     * come from the session's record when the state is read back.
     */
    public void save(StateOut out) {
        long base = now == Long.MIN_VALUE ? 0 : now;
        out.writeInt(STATE_VERSION);
        out.writeTime(now, 0);
        out.writeInt(factsVersion);
        out.writeEnum(phase);
        out.writeBoolean(baselineFrozen);
        for (Vital vital : new Vital[] {Vital.HR, Vital.SBP, Vital.DBP, Vital.RR, Vital.SPO2, Vital.ETCO2}) {
            out.writeValue(baseline.of(vital));
        }
        out.writeTime(lastFrame, base);
        out.writeLong(lastFrameWall - base);
        out.writeTime(lastBreath, base);
        out.writeTime(lastBloodPressure, base);
        out.writeValue(lastSbp);
        out.writeValue(lastDbp);
        out.writeBoolean(capnography);
        out.writeTime(lastUnstable, base);
        out.writeTime(readyAt, base);
        out.writeValue(news2Rr);
        out.writeValue(news2Spo2);
        out.writeValue(news2Sbp);
        out.writeValue(news2Hr);
        for (long seen : lastSeen) {
            out.writeTime(seen, base);
        }
        for (Vital vital : SMOOTHED) {
            medians.get(vital).save(out, base);
        }
        out.writeBoolean(preDose != null);
        if (preDose != null) {
            preDose.save(out, base);
        }
        alerts.save(out, base);
        out.writeInt(rules.length);
        for (Rule rule : rules) {
            rule.save(out, base);
        }
        out.writeString(lastDevice);
    }

    /**
     * A monitor as {@link #save} left it, for the session's current record. When the record changed
     * meanwhile ({@code factsChanged}), the change is applied as it would have been live: an end
     * clears the open alerts into {@code sink}, a dose takes effect with the next frame.
     *
     * @throws IllegalArgumentException when the bytes are not a state this version can read
     */
    public static SessionMonitor restore(String sessionId, RuleProfile profile, SessionFacts facts, boolean factsChanged,
                                         StateIn in, TransitionSink sink) {
        SessionMonitor monitor = new SessionMonitor(sessionId, profile);
        int version = in.readInt();
        // Versions 1 (before the discharge gate kept readyAt) and 2 (before the rules kept their last
        // frame) are read too: an upgrade keeps every session's open episodes, so no alert is
        // raised twice or left behind.
        if (version < 1 || version > STATE_VERSION) {
            throw new IllegalArgumentException("session monitor state of version " + version + ", expected " + STATE_VERSION);
        }
        in.layout(version);
        monitor.now = in.readTime(0);
        long base = monitor.now == Long.MIN_VALUE ? 0 : monitor.now;
        monitor.factsVersion = in.readInt();
        monitor.phase = in.readEnum(Phase.values());
        monitor.baselineFrozen = in.readBoolean();
        monitor.baseline = new BaselineVitals(in.readValue(), in.readValue(), in.readValue(), in.readValue(), in.readValue(),
                in.readValue());
        monitor.lastFrame = in.readTime(base);
        monitor.lastFrameWall = base + in.readLong();
        monitor.lastBreath = in.readTime(base);
        monitor.lastBloodPressure = in.readTime(base);
        monitor.lastSbp = in.readValue();
        monitor.lastDbp = in.readValue();
        monitor.capnography = in.readBoolean();
        monitor.lastUnstable = in.readTime(base);
        monitor.readyAt = version >= 2 ? in.readTime(base) : Long.MIN_VALUE;
        monitor.news2Rr = in.readValue();
        monitor.news2Spo2 = in.readValue();
        monitor.news2Sbp = in.readValue();
        monitor.news2Hr = in.readValue();
        monitor.news2 = Double.isNaN(monitor.news2Rr) && Double.isNaN(monitor.news2Spo2) && Double.isNaN(monitor.news2Sbp)
                && Double.isNaN(monitor.news2Hr) ? News2.NONE
                : News2.of(monitor.news2Rr, monitor.news2Spo2, monitor.news2Sbp, monitor.news2Hr, false, false, Double.NaN);
        for (int i = 0; i < monitor.lastSeen.length; i++) {
            monitor.lastSeen[i] = in.readTime(base);
        }
        for (Vital vital : SMOOTHED) {
            monitor.medians.get(vital).restore(in, base);
        }
        if (in.readBoolean()) {
            monitor.preDose = new PreDoseBaseline();
            monitor.preDose.restore(in, base);
        }
        monitor.alerts.restore(in, base);
        int count = in.readInt();
        if (count != monitor.rules.length) {
            throw new IllegalArgumentException("session monitor state with " + count + " rules, expected " + monitor.rules.length);
        }
        for (Rule rule : monitor.rules) {
            rule.restore(in, base);
        }
        monitor.lastDevice = version >= Persistence.LAYOUT_WITH_LAST ? in.readString() : "";
        if (!in.exhausted()) {
            throw new IllegalArgumentException("session monitor state has bytes left over");
        }
        SessionFacts restored = factsChanged && facts.endedAt() != null && monitor.phase != Phase.ENDED
                ? new SessionFacts(facts.drug(), facts.route(), facts.doseAt(), null, facts.administration(), facts.baseline(),
                facts.profile()) : facts;
        monitor.facts = restored;
        if (factsChanged) {
            monitor.session(facts, sink);
        }
        return monitor;
    }

    // What the rules read.

    public String sessionId() {
        return sessionId;
    }

    public Phase phase() {
        return phase;
    }

    public News2 news2() {
        return news2;
    }

    public BaselineVitals baseline() {
        return baseline;
    }

    public int openAlerts() {
        return alerts.openCount();
    }

    Reading reading() {
        return reading;
    }

    long now() {
        return now;
    }

    /** The NEWS2 parameters a nurse last recorded for the session. */
    public SessionFacts.Recorded recorded() {
        return facts.recorded();
    }

    /** The session's room, patient and unit as its record last said. */
    public SessionFacts.Label label() {
        return facts.label();
    }

    SessionFacts facts() {
        return facts;
    }

    int factsVersion() {
        return factsVersion;
    }

    boolean dosed() {
        return now >= facts.doseMillis();
    }

    double median(Vital vital) {
        return medians.get(vital).median(now);
    }

    /** The frames of a smoothed vital (HR, SpO2, RR) still in the smoothing window, from {@code from} on. */
    java.util.List<Double> evidence(Vital vital, long from) {
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

    boolean capnography() {
        return capnography;
    }
}
