package org.dosewatch.monitor;

/**
 * The layout of a {@link SessionMonitor}'s saved state, its version and how each tracker's part
 * follows the other: what the changelog keeps between frames, and reads back after a restart or
 * a rebalance. Every time is written relative to the newest frame's, so a restored monitor goes on
 * with the time it had.
 */
final class MonitorState {

    /** Version of the layout {@link #save} writes; a state of another version is not read. */
    private static final int STATE_VERSION = Persistence.LAYOUT_WITH_LAST;

    /**
     * Writes everything this monitor remembers between frames: windows, baseline, clocks, phase,
     * open episodes and each rule's own state. The profile and the facts are not written: they
     * come from the session's record when the state is read back.
     */
    static void save(SessionMonitor monitor, StateOut out) {
        long base = monitor.now == Long.MIN_VALUE ? 0 : monitor.now;
        out.writeInt(STATE_VERSION);
        out.writeTime(monitor.now, 0);
        out.writeInt(monitor.factsVersion);
        out.writeEnum(monitor.phase);
        monitor.baseline.saveValues(out);
        monitor.vitals.saveLast(out, base);
        monitor.discharge.save(out, base);
        monitor.news2.save(out);
        monitor.vitals.saveWindows(out, base);
        monitor.baseline.savePreDose(out, base);
        monitor.alerts.save(out, base);
        out.writeInt(monitor.rules.length);
        for (Rule rule : monitor.rules) {
            rule.save(out, base);
        }
        out.writeString(monitor.lastDevice);
    }

    /**
     * A monitor as {@link SessionMonitor#save} left it, for the session's current record. When the record changed
     * meanwhile ({@code factsChanged}), the change is applied as it would have been live: an end
     * clears the open alerts into {@code sink}, a dose takes effect with the next frame.
     *
     * @throws IllegalArgumentException when the bytes are not a state this version can read
     */
    static SessionMonitor restore(String sessionId, RuleProfile profile, SessionFacts facts, boolean factsChanged,
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

    private MonitorState() {
    }
}
