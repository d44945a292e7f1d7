package org.dosewatch.alert;

import static org.dosewatch.alert.AlertRows.COLUMNS;
import static org.dosewatch.alert.AlertRows.all;
import static org.dosewatch.alert.AlertRows.alert;
import static org.dosewatch.alert.AlertRows.instant;
import static org.dosewatch.alert.AlertRows.reason;
import static org.dosewatch.alert.AlertRows.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.AlertKind;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every read of the stored alerts, outside a transaction: the REST API's lists and audit trails,
 * the feed's snapshot, the session record and its exports, the alarm-burden report and what-if
 * review. The writes, under the lifecycle's locks, are {@link AlertStore}'s.
 */
@ApplicationScoped
public class AlertQueries {

    /**
     * An alert as the alarm-burden report counts it, with the session facts that place it in a phase.
     *
     * @param route null when the session's record is gone
     */
    public record Raised(String sessionId, RuleId rule, Priority priority, Instant onsetTs, Instant raisedAt,
                         Instant acknowledgedAt, AckReason ackReason, Instant doseAt, String route, Instant readyAt) {
    }

    /** An alert of a session as raised, with the device time its condition first cleared (null while present). */
    public record Episode(String alertId, RuleId rule, Priority priority, Instant onsetTs, Instant clearedTs,
                          Double worstValue, String message) {
    }

    private final Pool database;

    public AlertQueries(Pool database) {
        this.database = database;
    }

    public Uni<Optional<Alert>> find(String alertId) {
        return database.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE alert_id = $1")
                .execute(Tuple.of(alertId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(alert(rows.iterator().next())));
    }

    /** Alerts, newest first, filtered by whichever of state, session and priority is given. */
    public Uni<List<Alert>> list(AlertState state, String sessionId, Priority priority, boolean unresolvedOnly, int limit) {
        return list(state, sessionId, priority, null, unresolvedOnly, false, 0, limit);
    }

    /**
     * One page of alerts. {@code urgentFirst}: ACTIVE before the others, HIGH before MEDIUM
     * before LOW, a present condition before a cleared one, then newest first; otherwise newest
     * first. {@code offset} alerts of that order are skipped.
     */
    public Uni<List<Alert>> list(AlertState state, String sessionId, Priority priority, String unit,
                                 boolean unresolvedOnly, boolean urgentFirst, long offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE true");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            params.add(state.name());
            sql.append(" AND state = $").append(params.size());
        }
        if (unresolvedOnly) {
            sql.append(" AND state <> 'RESOLVED'");
        }
        if (sessionId != null) {
            params.add(sessionId);
            sql.append(" AND session_id = $").append(params.size());
        }
        if (priority != null) {
            params.add(priority.name());
            sql.append(" AND priority = $").append(params.size());
        }
        if (unit != null) {
            params.add(unit);
            sql.append(" AND unit = $").append(params.size());
        }
        sql.append(urgentFirst
                ? " ORDER BY (state = 'ACTIVE') DESC, CASE priority WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, "
                        + "condition_present DESC, raised_at DESC, alert_id"
                : " ORDER BY raised_at DESC, alert_id");
        params.add(limit);
        sql.append(" LIMIT $").append(params.size());
        params.add(offset);
        sql.append(" OFFSET $").append(params.size());
        return database.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(rows -> all(rows, AlertRows::alert));
    }

    /** The audit trail of one alert, in order. */
    public Uni<List<AlertEvent>> events(String alertId) {
        return database.preparedQuery("SELECT e.version, e.event, e.state, e.priority, e.condition_present, "
                        + "e.escalation_level, e.value, e.message, e.reading_ts, e.at, e.by_user, e.note, e.reason, a.session_id, a.room, a.patient_ref, a.unit, a.rule, "
                        + "a.kind, a.vital, a.threshold, a.worst_value, a.onset_ts FROM alert_event e JOIN alert a USING (alert_id) "
                        + "WHERE e.alert_id = $1 ORDER BY e.version")
                .execute(Tuple.of(alertId))
                .map(rows -> all(rows, row -> new AlertEvent(alertId, row.getString("session_id"), row.getString("room"),
                        row.getString("patient_ref"), row.getString("unit"),
                        RuleId.valueOf(row.getString("rule")), AlertKind.valueOf(row.getString("kind")),
                        Priority.valueOf(row.getString("priority")), AlertEventType.valueOf(row.getString("event")),
                        row.getInteger("version"), AlertState.valueOf(row.getString("state")),
                        row.getBoolean("condition_present"), row.getInteger("escalation_level"), row.getString("vital"),
                        row.getDouble("value"), row.getDouble("threshold"), row.getDouble("worst_value"),
                        row.getString("message"), instant(row, "onset_ts"), instant(row, "reading_ts"),
                        instant(row, "at"), row.getString("by_user"), row.getString("note"),
                        reason(row.getString("reason")))));
    }

    Uni<Optional<AlertEvent>> event(String alertId, int version) {
        return events(alertId).map(all -> all.stream().filter(e -> e.version() == version).findFirst());
    }

    /** The alerts raised from {@code from} (inclusive) to {@code to} (exclusive), with their sessions' dosing facts. */
    public Uni<List<Raised>> raisedBetween(Instant from, Instant to) {
        return database.preparedQuery("SELECT a.session_id, a.rule, a.priority, a.onset_ts, "
                        + "a.raised_at, a.acknowledged_at, a.ack_reason, s.dose_at, s.route, s.ready_at FROM alert a "
                        + "LEFT JOIN dosing_session s ON s.id = a.session_id WHERE a.raised_at >= $1 AND a.raised_at < $2")
                .execute(Tuple.of(time(from), time(to)))
                .map(rows -> all(rows, row -> new Raised(row.getString("session_id"), RuleId.valueOf(row.getString("rule")),
                        Priority.valueOf(row.getString("priority")), instant(row, "onset_ts"), instant(row, "raised_at"),
                        instant(row, "acknowledged_at"), reason(row.getString("ack_reason")), instant(row, "dose_at"),
                        row.getString("route"), instant(row, "ready_at"))));
    }

    /** A session's alerts as raised, oldest first, each with the device time its condition first cleared. */
    public Uni<List<Episode>> episodes(String sessionId) {
        return database.preparedQuery("SELECT a.alert_id, a.rule, a.priority, a.onset_ts, a.worst_value, a.message, "
                        + "(SELECT min(e.reading_ts) FROM alert_event e WHERE e.alert_id = a.alert_id AND NOT e.condition_present) "
                        + "AS cleared_ts FROM alert a WHERE a.session_id = $1 ORDER BY a.onset_ts, a.alert_id")
                .execute(Tuple.of(sessionId))
                .map(rows -> all(rows, (Row row) -> new Episode(row.getString("alert_id"), RuleId.valueOf(row.getString("rule")),
                        Priority.valueOf(row.getString("priority")), instant(row, "onset_ts"), instant(row, "cleared_ts"),
                        row.getDouble("worst_value"), row.getString("message"))));
    }
}
