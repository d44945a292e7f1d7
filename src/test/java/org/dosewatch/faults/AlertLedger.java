package org.dosewatch.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every alert of a run as a clinician can read it afterwards: the alert as the API answers it
 * and its whole audit trail, keyed by alert id. Two ledgers of the same frames are compared alert
 * by alert and event by event; only what a wall clock decides may differ, and only by a tick:
 * the moment a silence was noticed and when an event was stored.
 */
record AlertLedger(Map<String, Alert> alerts) {

    /** An alert and its events, each event reduced to what the same frames must reproduce. */
    record Alert(String alertId, String sessionId, String rule, String onsetTs, String state, boolean conditionPresent,
                 String priority, int version, List<Map<String, String>> events) {

        String describe() {
            return sessionId + " " + rule + " onset " + onsetTs + " (" + alertId + "): " + state + ", version " + version
                    + ", events " + events.stream().map(e -> e.get("event")).toList();
        }
    }

    /** The fields of an audit-trail event that the frames decide. */
    private static final List<String> COMPARED = List.of("event", "version", "state", "conditionPresent", "priority",
            "escalationLevel", "value", "worstValue", "readingTs", "message", "by", "note", "reason");

    static Alert alert(JsonNode alert, JsonNode events) {
        List<Map<String, String>> trail = new ArrayList<>();
        for (JsonNode event : events) {
            Map<String, String> fields = new LinkedHashMap<>();
            COMPARED.forEach(name -> fields.put(name, event.path(name).isMissingNode() || event.path(name).isNull() ? null
                    : event.path(name).asText()));
            trail.add(fields);
        }
        return new Alert(alert.path("alertId").asText(), alert.path("sessionId").asText(), alert.path("rule").asText(),
                alert.path("onsetTs").asText(), alert.path("state").asText(), alert.path("conditionPresent").asBoolean(),
                alert.path("priority").asText(), alert.path("version").asInt(), trail);
    }

    int events() {
        return alerts.values().stream().mapToInt(a -> a.events().size()).sum();
    }

    Map<String, Integer> byRule() {
        Map<String, Integer> counts = new TreeMap<>();
        alerts.values().forEach(a -> counts.merge(a.rule(), 1, Integer::sum));
        return counts;
    }

    /** What this run did otherwise than {@code expected}, one line per alert; empty when they agree. */
    List<String> differencesFrom(AlertLedger expected) {
        List<String> differences = new ArrayList<>();
        Set<String> ids = new TreeSet<>(expected.alerts.keySet());
        ids.addAll(alerts.keySet());
        for (String id : ids) {
            Alert want = expected.alerts.get(id);
            Alert got = alerts.get(id);
            if (got == null) {
                differences.add("LOST    " + want.describe());
            } else if (want == null) {
                differences.add("EXTRA   " + got.describe());
            } else {
                String difference = difference(want, got);
                if (difference != null) {
                    differences.add("DIFFERS " + want.describe() + "\n        this run: " + got.describe() + "\n        " + difference);
                }
            }
        }
        return differences;
    }

    private static String difference(Alert want, Alert got) {
        if (!want.state().equals(got.state()) || want.conditionPresent() != got.conditionPresent()
                || want.version() != got.version() || !want.priority().equals(got.priority())) {
            return "state " + want.state() + "/" + want.conditionPresent() + "/v" + want.version() + "/" + want.priority()
                    + " against " + got.state() + "/" + got.conditionPresent() + "/v" + got.version() + "/" + got.priority();
        }
        for (int i = 0; i < want.events().size(); i++) {
            Map<String, String> a = want.events().get(i);
            Map<String, String> b = got.events().get(i);
            for (String field : COMPARED) {
                if (!same(want.rule(), field, a.get(field), b.get(field))) {
                    return "event " + (i + 1) + " (" + a.get("event") + ") " + field + ": " + a.get(field) + " against "
                            + b.get(field);
                }
            }
        }
        return null;
    }

    /**
     * SIGNAL_LOSS is noticed on the wall clock while a monitor is silent (docs/clinical-rules.md):
     * when the tick came decides its reading time, its seconds of silence and their wording, to
     * within a tick or two. Everything else must be equal.
     */
    private static boolean same(String rule, String field, String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (!"SIGNAL_LOSS".equals(rule) || a == null || b == null) {
            return false;
        }
        return switch (field) {
            case "readingTs" -> Math.abs(java.time.Instant.parse(a).toEpochMilli() - java.time.Instant.parse(b).toEpochMilli()) <= 2500;
            case "value", "worstValue" -> Math.abs(Double.parseDouble(a) - Double.parseDouble(b)) <= 2.5;
            case "message" -> a.replaceAll("\\d+", "#").equals(b.replaceAll("\\d+", "#"));
            default -> false;
        };
    }
}
