package org.dosewatch.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.Transition;
import org.dosewatch.monitor.TransitionSink;

/**
 * Runs a session's recorded frames through the rule engine under a rule profile, as the live
 * evaluation did: in the order they were evaluated, with the wall clock ticking every second of
 * the time they were received (so silence and overdue checks are judged as they were), and the
 * session's record as it changed. Pure: nothing is stored or published, and the same frames under
 * the same profile always give the same episodes, with the same deterministic ids.
 */
public final class Replay {

    static final long TICK_MILLIS = 1000;

    /**
     * One alert episode the replay raised.
     *
     * @param priority   the highest it reached
     * @param resolvedTs device time its condition cleared, or the session ended; null: still open at the last frame
     */
    public record Episode(String alertId, RuleId rule, Priority priority, Instant onsetTs, Instant resolvedTs,
                          Double worstValue, String message) {
    }

    /** How many alerts of one rule a replay raised, and how many the session (or the other profile) raised. */
    public record RuleCount(RuleId rule, int alerts, int actual) {
    }

    /** The two lists counted per rule, in the rules' order. */
    public static List<RuleCount> byRule(List<Episode> alerts, List<Episode> actual) {
        Map<RuleId, int[]> counts = new java.util.TreeMap<>();
        alerts.forEach(e -> counts.computeIfAbsent(e.rule(), r -> new int[2])[0]++);
        actual.forEach(e -> counts.computeIfAbsent(e.rule(), r -> new int[2])[1]++);
        return counts.entrySet().stream().map(e -> new RuleCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    /** The session's record from {@code from} on (null: from the start). */
    public record FactsFrom(Instant from, SessionFacts facts) {
    }

    private Replay() {
    }

    /**
     * @param timeline   the record as it changed, oldest first; the first entry holds from the start
     * @param frames     the evaluated frames in the order they were evaluated
     * @param untilMillis the wall clock keeps ticking after the last frame up to this time (the
     *                    session's end, or now), so a monitor that fell silent is judged as it was
     */
    public static List<Episode> run(String sessionId, RuleProfile profile, List<FactsFrom> timeline,
                                    List<FrameArchive.Archived> frames, long untilMillis) {
        Map<String, Episode> episodes = new LinkedHashMap<>();
        SessionMonitor monitor = new SessionMonitor(sessionId, profile);
        TransitionSink keep = t -> record(episodes, t);
        int next = 0;
        long clock = Long.MIN_VALUE;
        for (FrameArchive.Archived frame : frames) {
            long ts = frame.reading().ts().toEpochMilli();
            while (next < timeline.size() && (timeline.get(next).from() == null || timeline.get(next).from().toEpochMilli() <= ts)) {
                monitor.session(timeline.get(next++).facts(), keep);
            }
            long received = frame.receivedMillis();
            if (clock == Long.MIN_VALUE) {
                clock = received;
            }
            for (long tick = clock + TICK_MILLIS; tick < received; tick += TICK_MILLIS) {
                monitor.onTick(tick, keep);
                clock = tick;
            }
            monitor.onReading(frame.reading(), received, keep);
        }
        if (clock != Long.MIN_VALUE) {
            for (long tick = clock + TICK_MILLIS; tick < untilMillis; tick += TICK_MILLIS) {
                monitor.onTick(tick, keep);
            }
        }
        while (next < timeline.size()) {
            monitor.session(timeline.get(next++).facts(), keep);
        }
        return new ArrayList<>(episodes.values());
    }

    private static void record(Map<String, Episode> episodes, Transition t) {
        Episode known = episodes.get(t.alertId());
        Double worst = Double.isNaN(t.worstValue()) ? null : t.worstValue();
        switch (t.type()) {
            case RAISED -> episodes.put(t.alertId(), new Episode(t.alertId(), t.rule(), t.priority(), t.onsetTs(), null,
                    worst, t.message()));
            case UPDATED, ESCALATED -> {
                if (known != null) {
                    Priority highest = t.priority().compareTo(known.priority()) < 0 ? t.priority() : known.priority();
                    episodes.put(t.alertId(), new Episode(known.alertId(), known.rule(), highest, known.onsetTs(), null,
                            worst == null ? known.worstValue() : worst, t.message()));
                }
            }
            case CLEARED, ENDED -> {
                if (known != null && known.resolvedTs() == null) {
                    episodes.put(t.alertId(), new Episode(known.alertId(), known.rule(), known.priority(), known.onsetTs(),
                            t.readingTs(), known.worstValue(), known.message()));
                }
            }
        }
    }
}
