package org.dosewatch.monitor;

/**
 * Watches one dosing session: takes its frames in device-time order and the wall clock's
 * ticks, keeps what the rules need and runs every rule of the profile. What it keeps is in
 * trackers, each with its state and its save and restore side by side: the vitals
 * ({@link VitalTrack}), the baseline ({@link BaselineTrack}), NEWS2 ({@link News2Track}), the
 * discharge gate ({@link DischargeTrack}); this class keeps the timeline and puts them in order, and
 * {@link MonitorState} writes and reads them. Not thread-safe: one session is evaluated by one
 * thread at a time, the one that owns its Kafka partition, and only that thread touches it; everyone else reads the
 * immutable {@link SessionSnapshot} it takes.
 */
public final class SessionMonitor {

    private final String sessionId;
    RuleProfile profile;
    final Alerts alerts;
    Rule[] rules;
    private SignalLoss signalLoss;
    final VitalTrack vitals;
    final BaselineTrack baseline = new BaselineTrack();
    final News2Track news2 = new News2Track();
    final DischargeTrack discharge = new DischargeTrack();

    SessionFacts facts = SessionFacts.UNREGISTERED;
    int factsVersion;
    private Reading reading;
    /** The device of the newest frame evaluated; "" before the first. */
    String lastDevice = "";
    long now = Long.MIN_VALUE;
    Phase phase = Phase.PRE_DOSE;

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

    /**
     * Writes everything this monitor remembers between frames (the layout is {@link MonitorState}'s).
     * The profile and the facts are not written: they come from the session's record when the
     * state is read back.
     */
    public void save(StateOut out) {
        MonitorState.save(this, out);
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
        return MonitorState.restore(sessionId, profile, facts, factsChanged, in, sink);
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

    /** What the monitor keeps of the vitals: their windows, and when each was last seen. */
    VitalTrack vitals() {
        return vitals;
    }
}
