package org.dosewatch.monitor;

import java.time.Instant;
import java.util.Map;

/**
 * A change in the state of one alert episode, as the rule engine sees it: the condition was
 * raised, worsened, escalated by the rule itself, or cleared. Acknowledgement, latching and
 * escalation of unacknowledged alerts belong to the alert lifecycle downstream.
 *
 * @param alertId   deterministic: session, rule and the device time of the episode's onset
 * @param readingTs device time of the frame (or wall-clock time of the tick) that caused it
 * @param onsetTs   device time of the reading that opened the episode
 * @param evidence  the values that made the decision, by name
 */
public record Transition(
        Type type,
        String alertId,
        String sessionId,
        RuleId rule,
        Priority priority,
        Vital vital,
        double value,
        double threshold,
        double worstValue,
        String message,
        Instant onsetTs,
        Instant readingTs,
        Map<String, Object> evidence) {

    /**
     * CLEARED: the condition is gone (a HIGH alert nobody acknowledged latches). ENDED: the
     * session ended, so the episode is over whatever its priority: nobody is left to watch.
     */
    public enum Type {
        RAISED, UPDATED, ESCALATED, CLEARED, ENDED
    }

    public AlertKind kind() {
        return rule.kind();
    }
}
