package org.dosewatch.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dosewatch.alert.AckReason;
import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;

/**
 * The alarm burden of a time window, per rule, priority and phase of the dosing timeline, the
 * figures an alarm committee reviews: how many, how many per monitored session-hour, how many
 * were acknowledged and how fast, and how many of those the clinician called actionable. Pure:
 * the figures follow from the alarms and the monitored hours alone.
 *
 * @param sessionHours          hours of monitoring in the window, over every session
 * @param topTenthShare         share of the alarms raised by the tenth of the sessions with most alarms (null: none)
 * @param rows                  per rule, priority and phase, most alarms first
 * @param rules                 per rule over every priority and phase, most alarms first
 */
public record AlarmReport(Instant from, Instant to, int sessions, double sessionHours, int alarms, Double perSessionHour,
                          Double topTenthShare, List<Row> rows, List<Row> rules) {

    /**
     * One line of the report.
     *
     * @param priority                   the highest the alarm reached; null on a rule's total
     * @param phase                      the session's phase at the alarm's onset; null on a rule's total
     * @param acknowledged               how many a clinician acknowledged
     * @param medianSecondsToAcknowledge from raised to acknowledged, over those acknowledged (null: none)
     * @param actionableShare            ACTIONABLE among the acknowledgements that gave a reason (null: none gave one)
     * @param reasons                    the acknowledgements by reason given
     */
    public record Row(RuleId rule, Priority priority, Phase phase, int count, Double perSessionHour, int acknowledged,
                      Double acknowledgedShare, Double medianSecondsToAcknowledge, Double actionableShare,
                      Map<AckReason, Integer> reasons) {
    }

    /** One alarm as the report reads it. */
    public record Alarm(String sessionId, RuleId rule, Priority priority, Phase phase, Instant raisedAt,
                        Instant acknowledgedAt, AckReason reason) {
    }

    /** The session's phase at a moment, from its dose record, the route's administration time and when it became ready. */
    public static Phase phaseAt(Instant at, Instant doseAt, Duration administration, Instant readyAt) {
        if (doseAt == null || at.isBefore(doseAt)) {
            return Phase.PRE_DOSE;
        }
        if (at.isBefore(doseAt.plus(administration))) {
            return Phase.DOSING;
        }
        return readyAt != null && !at.isBefore(readyAt) ? Phase.DISCHARGE_READY : Phase.OBSERVATION;
    }

    public static AlarmReport of(Instant from, Instant to, int sessions, double sessionHours, List<Alarm> alarms) {
        Map<List<Object>, List<Alarm>> byGroup = new HashMap<>();
        Map<RuleId, List<Alarm>> byRule = new EnumMap<>(RuleId.class);
        Map<String, Integer> bySession = new HashMap<>();
        for (Alarm alarm : alarms) {
            byGroup.computeIfAbsent(List.of(alarm.rule(), alarm.priority(), alarm.phase()), k -> new ArrayList<>()).add(alarm);
            byRule.computeIfAbsent(alarm.rule(), k -> new ArrayList<>()).add(alarm);
            bySession.merge(alarm.sessionId(), 1, Integer::sum);
        }
        Comparator<Row> mostFirst = Comparator.comparingInt(Row::count).reversed()
                .thenComparing(Row::rule).thenComparing(r -> r.priority() == null ? -1 : r.priority().ordinal())
                .thenComparing(r -> r.phase() == null ? -1 : r.phase().ordinal());
        List<Row> rows = byGroup.values().stream()
                .map(group -> row(group.get(0).rule(), group.get(0).priority(), group.get(0).phase(), group, sessionHours))
                .sorted(mostFirst).toList();
        List<Row> rules = byRule.entrySet().stream()
                .map(e -> row(e.getKey(), null, null, e.getValue(), sessionHours))
                .sorted(mostFirst).toList();
        return new AlarmReport(from, to, sessions, sessionHours, alarms.size(), rate(alarms.size(), sessionHours),
                topTenthShare(bySession, alarms.size(), sessions), rows, rules);
    }

    private static Row row(RuleId rule, Priority priority, Phase phase, List<Alarm> alarms, double sessionHours) {
        List<Double> waits = new ArrayList<>();
        Map<AckReason, Integer> reasons = new TreeMap<>();
        for (Alarm alarm : alarms) {
            if (alarm.acknowledgedAt() != null) {
                waits.add(Duration.between(alarm.raisedAt(), alarm.acknowledgedAt()).toMillis() / 1000.0);
                if (alarm.reason() != null) {
                    reasons.merge(alarm.reason(), 1, Integer::sum);
                }
            }
        }
        int withReason = reasons.values().stream().mapToInt(Integer::intValue).sum();
        return new Row(rule, priority, phase, alarms.size(), rate(alarms.size(), sessionHours), waits.size(),
                (double) waits.size() / alarms.size(), median(waits),
                withReason == 0 ? null : reasons.getOrDefault(AckReason.ACTIONABLE, 0) / (double) withReason, reasons);
    }

    private static Double rate(int count, double hours) {
        return hours <= 0 ? null : count / hours;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The tenth of the sessions (at least one) with most alarms: what share of the alarms they raised. */
    private static Double topTenthShare(Map<String, Integer> bySession, int alarms, int sessions) {
        if (alarms == 0) {
            return null;
        }
        int top = Math.max(1, (int) Math.ceil(Math.max(sessions, bySession.size()) / 10.0));
        int raised = bySession.values().stream().sorted(Comparator.reverseOrder()).limit(top).mapToInt(Integer::intValue).sum();
        return raised / (double) alarms;
    }
}
