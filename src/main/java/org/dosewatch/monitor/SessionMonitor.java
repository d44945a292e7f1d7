package org.dosewatch.monitor;

/**
 * Watches one dosing session: takes its frames in device-time order and the wall clock's
 * ticks, keeps what the rules need and runs every rule of the profile. What it keeps is in
 * trackers, each with its state and its save and restore side by side: the vitals
 * ({@link VitalTrack}), the baseline ({@link BaselineTrack}), NEWS2 ({@link News2Track}), the
 * discharge gate ({@link DischargeTrack}); this class keeps the timeline and puts them in order. Not thread-safe: one session is evaluated by one thread at a time,
 * the one that owns its Kafka partition, and only that thread touches it; everyone else reads the
 * immutable {@link SessionSnapshot} it takes.
 */
public final class SessionMonitor {

    private final String sessionId;
    private RuleProfile profile;
    private final Alerts alerts;
    private Rule[] rules;
    private SignalLoss signalLoss;
    private final VitalTrack vitals;
    private final BaselineTrack baseline = new BaselineTrack();
    private final News2Track news2 = new News2Track();
    private final DischargeTrack discharge = new DischargeTrack();

    private SessionFacts facts = SessionFacts.UNREGISTERED;
    private int factsVersion;
    private Reading reading;
    /** The device of the newest frame evaluated; "" before the first. */
    private String lastDevice = "";
    private long now = Long.MIN_VALUE;
    private Phase phase = Phase.PRE_DOSE;

    public SessionMonitor(String sessionId, RuleProfile profile) {
        this.sessionId = sessionId;
        this.profile = profile;
        this.alerts = new Alerts(sessionId, profile.lifecycle().updateInterval().toMillis(), profile.lifecycle().updateSteps());
        this.vitals = new VitalTrack(profile.lifecycle().smoothing().toMillis());
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

    private Rule[] rules(RuleProfile profile) {
        Rule[] built = ProfileRules.of(profile);
        for (Rule rule : built) {
            if (rule instanceof SignalLoss loss) {
                signalLoss = loss;
            }
        }
        return built;
    }

    /**
     * What the clinicians recorded changed (registration, dose, end). Ending the session clears
     * its open alerts and silences it.
     */
    public void session(SessionFacts updated, TransitionSink sink) {
        boolean ending = updated.endedAt() != null && facts.endedAt() == null;
        facts = updated;
        factsVersion++;
        baseline.recorded(facts);
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
        if (phase == Phase.OBSERVATION && discharge.ready(this, profile.discharge(), ts)) {
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
        vitals.rebase(shift);
        discharge.rebase(shift);
        baseline.rebase(shift);
        // A part written with base 0 and read back with base {@code shift} has every time moved by it.
        StateOut out = new StateOut();
        for (Rule rule : rules) {
            out.reset();
            rule.save(out, 0);
            rule.restore(new StateIn(out.toByteArray()), shift);
        }
        alerts.rebase(shift);
    }

    private void observe(Reading frame, long ts, long wallMillis) {
        reading = frame;
        lastDevice = frame.deviceId();
        now = ts;
        vitals.observe(frame, ts, wallMillis, ProfileRules.holdMillis(profile));
        if (baseline.observe(facts, frame, ts)) {
            discharge.dosed(facts.doseMillis());
        }
    }

    private Phase timelinePhase(long ts) {
        if (ts < facts.doseMillis()) {
            return Phase.PRE_DOSE;
        }
        return ts < facts.doseMillis() + facts.administration().toMillis() ? Phase.DOSING : Phase.OBSERVATION;
    }

    /** NEWS2 on smoothed values, recomputed only when one of them moved. */
    private void scoreNews2() {
        news2.values(median(Vital.RR), median(Vital.SPO2), median(Vital.HR), vitals.lastSbp(), facts.recorded());
    }

    /** Everything a person sees of the session now, whole; taken by the thread that evaluates it. */
    public SessionSnapshot snapshot() {
        return new SessionSnapshot(phase, news2.score(), facts.recorded(), facts.label(), baseline.value(), discharge(), alerts.openCount());
    }

    /** The discharge criteria at the newest frame. */
    public DischargeGate discharge() {
        return discharge.gate(this, profile.discharge(), now);
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
        baseline.saveValues(out);
        vitals.saveLast(out, base);
        discharge.save(out, base);
        news2.save(out);
        vitals.saveWindows(out, base);
        baseline.savePreDose(out, base);
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
        monitor.baseline.restoreValues(in);
        monitor.vitals.restoreLast(in, base);
        monitor.discharge.restore(in, base, version);
        monitor.news2.restore(in);
        monitor.vitals.restoreWindows(in, base);
        monitor.baseline.restorePreDose(in, base);
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
        return news2.score();
    }

    public BaselineVitals baseline() {
        return baseline.value();
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
        return vitals.median(vital, now);
    }

    /** The frames of a smoothed vital (HR, SpO2, RR) still in the smoothing window, from {@code from} on. */
    java.util.List<Double> evidence(Vital vital, long from) {
        return vitals.evidence(vital, from);
    }

    long lastSeen(Vital vital) {
        return vitals.lastSeen(vital);
    }

    long lastFrame() {
        return vitals.lastFrame();
    }

    long lastFrameWall() {
        return vitals.lastFrameWall();
    }

    long lastBreath() {
        return vitals.lastBreath();
    }

    double lastSbp() {
        return vitals.lastSbp();
    }

    double lastDbp() {
        return vitals.lastDbp();
    }

    long lastBloodPressure() {
        return vitals.lastBloodPressure();
    }

    boolean capnography() {
        return vitals.capnography();
    }
}
