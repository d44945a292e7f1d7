package org.dosewatch.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleFunction;

/**
 * The open alert episodes of one session: one per rule at most. Rules say what they see;
 * this turns it into transitions: one RAISED per episode, UPDATED only when the worst value has
 * moved by its vital's step since the last one told and not more often than the profile's update
 * interval, ESCALATED, CLEARED.
 */
final class Alerts {

    private static final class Episode {
        final String alertId;
        final long onset;
        final Vital vital;
        final double threshold;
        final boolean lowerIsWorse;
        Priority priority;
        double value;
        double worst;
        double reportedWorst;
        long reportedAt;
        /** Time of the newest transition emitted for the episode. */
        long emittedAt = Long.MIN_VALUE;

        Episode(String alertId, long onset, Vital vital, double threshold, boolean lowerIsWorse, Priority priority,
                double value, long ts) {
            this.alertId = alertId;
            this.onset = onset;
            this.vital = vital;
            this.threshold = threshold;
            this.lowerIsWorse = lowerIsWorse;
            this.priority = priority;
            this.value = value;
            this.worst = value;
            this.reportedWorst = value;
            this.reportedAt = ts;
        }

        boolean worse(double candidate, double than) {
            return lowerIsWorse ? candidate < than : candidate > than;
        }
    }

    private final String sessionId;
    private final long updateIntervalMillis;
    private final RuleProfile.UpdateSteps updateSteps;
    private final EnumMap<RuleId, Episode> open = new EnumMap<>(RuleId.class);
    private TransitionSink sink;
    private boolean silenced;

    Alerts(String sessionId, long updateIntervalMillis, RuleProfile.UpdateSteps updateSteps) {
        this.sessionId = sessionId;
        this.updateIntervalMillis = updateIntervalMillis;
        this.updateSteps = updateSteps;
    }

    /** Transitions of the evaluation under way go here. */
    void to(TransitionSink sink) {
        this.sink = sink;
    }

    boolean isOpen(RuleId rule) {
        return open.containsKey(rule);
    }

    boolean anyOpen() {
        return !open.isEmpty();
    }

    int openCount() {
        return open.size();
    }

    /** An ended session raises nothing new. */
    void silence() {
        silenced = true;
    }

    /**
     * Opens an episode. {@code onset} is the device time of the reading where the condition
     * began; with the session and rule it makes the alert id. {@code describe} words the value
     * for the RAISED message.
     */
    void raise(RuleId rule, long onset, long ts, Vital vital, double value, double threshold, boolean lowerIsWorse,
               DoubleFunction<String> describe, Map<String, Object> evidence) {
        if (silenced || open.containsKey(rule)) {
            return;
        }
        Episode episode = new Episode(alertId(sessionId, rule, onset), onset, vital, threshold, lowerIsWorse,
                rule.priority(), value, ts);
        open.put(rule, episode);
        emit(Transition.Type.RAISED, rule, episode, ts, describe.apply(value), evidence);
    }

    /**
     * The condition of an open episode is still there with this value. {@code describe} words the
     * worst value for an UPDATED: the rule words it from what it and the session hold now, never
     * from what it held at the raise, so an episode carried across a restart reads the same.
     */
    void observe(RuleId rule, long ts, double value, DoubleFunction<String> describe) {
        Episode episode = open.get(rule);
        if (episode == null || Double.isNaN(value)) {
            return;
        }
        episode.value = value;
        if (episode.worse(value, episode.worst)) {
            episode.worst = value;
        }
        if (episode.worse(episode.worst, episode.reportedWorst)
                && Math.abs(episode.worst - episode.reportedWorst) >= updateSteps.of(episode.vital)
                && ts - episode.reportedAt >= updateIntervalMillis) {
            episode.reportedWorst = episode.worst;
            episode.reportedAt = ts;
            emit(Transition.Type.UPDATED, rule, episode, ts, describe.apply(episode.worst), Map.of());
        }
    }

    void escalate(RuleId rule, long ts, Priority priority, String message) {
        Episode episode = open.get(rule);
        if (episode != null && episode.priority != priority) {
            episode.priority = priority;
            emit(Transition.Type.ESCALATED, rule, episode, ts, message, Map.of());
        }
    }

    void clear(RuleId rule, long ts, String message) {
        Episode episode = open.remove(rule);
        if (episode != null) {
            emit(Transition.Type.CLEARED, rule, episode, ts, message, Map.of());
        }
    }

    /**
     * The session's device timeline moved by {@code shift}: the time of each open episode's last
     * update moves with it, so updates keep their pace. Onsets (and so ids) and the times of the
     * transitions already sent do not.
     */
    void rebase(long shift) {
        open.values().forEach(episode -> episode.reportedAt += shift);
    }

    /** Ends every open episode: the session ended. */
    void endAll(long ts, String message) {
        for (RuleId rule : RuleId.values()) {
            Episode episode = open.remove(rule);
            if (episode != null) {
                emit(Transition.Type.ENDED, rule, episode, ts, message, Map.of());
            }
        }
    }

    /**
     * The transitions of one episode carry strictly increasing times, whatever clock dated them:
     * a SIGNAL_LOSS raised by the wall clock is dated after the last frame, and the late frame
     * that clears it may be older than that. The alert store takes a transition no newer than
     * the alert's own as a replay, so the clearing is dated just after the raise instead.
     */
    private void emit(Transition.Type type, RuleId rule, Episode episode, long ts, String message,
                      Map<String, Object> evidence) {
        long at = episode.emittedAt == Long.MIN_VALUE ? ts : Math.max(ts, episode.emittedAt + 1);
        episode.emittedAt = at;
        sink.accept(new Transition(type, episode.alertId, sessionId, rule, episode.priority, episode.vital,
                episode.value, episode.threshold, episode.worst, message, Instant.ofEpochMilli(episode.onset),
                Instant.ofEpochMilli(at), evidence));
    }

    void save(StateOut out, long base) {
        out.writeBoolean(silenced);
        out.writeInt(open.size());
        for (Map.Entry<RuleId, Episode> entry : open.entrySet()) {
            Episode e = entry.getValue();
            out.writeEnum(entry.getKey());
            out.writeLong(e.onset - base);
            out.writeEnum(e.vital);
            out.writeValue(e.threshold);
            out.writeBoolean(e.lowerIsWorse);
            out.writeEnum(e.priority);
            out.writeValue(e.value);
            out.writeValue(e.worst);
            out.writeValue(e.reportedWorst);
            out.writeLong(e.reportedAt - base);
            out.writeTime(e.emittedAt, base);
        }
    }

    /** Takes back the open episodes {@link #save} wrote. Their ids follow from session, rule and onset as always. */
    void restore(StateIn in, long base) {
        open.clear();
        silenced = in.readBoolean();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            RuleId rule = in.readEnum(RuleId.values());
            long onset = base + in.readLong();
            Vital vital = in.readEnum(Vital.values());
            double threshold = in.readValue();
            boolean lowerIsWorse = in.readBoolean();
            Priority priority = in.readEnum(Priority.values());
            double value = in.readValue();
            Episode e = new Episode(alertId(sessionId, rule, onset), onset, vital, threshold, lowerIsWorse, priority, value, 0);
            e.worst = in.readValue();
            e.reportedWorst = in.readValue();
            e.reportedAt = base + in.readLong();
            e.emittedAt = in.readTime(base);
            open.put(rule, e);
        }
    }

    /** Same session, rule and onset: same id, however often the readings are replayed. */
    static String alertId(String sessionId, RuleId rule, long onsetMillis) {
        return UUID.nameUUIDFromBytes((sessionId + '|' + rule + '|' + Instant.ofEpochMilli(onsetMillis))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
