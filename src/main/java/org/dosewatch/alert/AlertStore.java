package org.dosewatch.alert;

import static org.dosewatch.alert.AlertRows.ALERT_COLUMNS;
import static org.dosewatch.alert.AlertRows.COLUMNS;
import static org.dosewatch.alert.AlertRows.all;
import static org.dosewatch.alert.AlertRows.alert;
import static org.dosewatch.alert.AlertRows.name;
import static org.dosewatch.alert.AlertRows.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The writes of alerts and their audit trail in PostgreSQL, in plain SQL, and the reads the
 * lifecycle makes under its locks: it needs conditional updates (by version, by state) that a
 * plain statement says best. Every other read is {@link AlertQueries}'.
 */
@ApplicationScoped
public class AlertStore {

    private static final String INSERT_ALERT = "INSERT INTO alert (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
            + "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)";
    private static final String UPDATE_ALERT = "UPDATE alert SET priority = $2, version = $3, state = $4, "
            + "condition_present = $5, escalation_level = $6, value = $7, worst_value = $8, message = $9, reading_ts = $10, "
            + "acknowledged_by = $11, acknowledged_at = $12, ack_note = $13, resolved_at = $14, escalated_at = $15, "
            + "ack_reason = $16 WHERE alert_id = $1 AND version = $17";
    private static final String INSERT_EVENT = "INSERT INTO alert_event (alert_id, version, event, state, priority, "
            + "condition_present, escalation_level, value, message, reading_ts, at, by_user, note, reason) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

    private final Pool database;

    public AlertStore(Pool database) {
        this.database = database;
    }

    public Pool database() {
        return database;
    }

    Uni<Optional<Alert>> lock(SqlClient connection, String alertId) {
        return connection.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE alert_id = $1 FOR UPDATE")
                .execute(Tuple.of(alertId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(alert(rows.iterator().next())));
    }

    /** The alerts of these ids that exist, locked for the rest of the transaction, in id order (no deadlock). */
    Uni<Map<String, Alert>> lockAll(SqlClient connection, Collection<String> alertIds) {
        return connection.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE alert_id = ANY($1) ORDER BY alert_id FOR UPDATE")
                .execute(Tuple.of(alertIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Alert> found = new HashMap<>();
                    rows.forEach(row -> {
                        Alert alert = alert(row);
                        found.put(alert.alertId(), alert);
                    });
                    return found;
                });
    }

    /** The records of these sessions that exist, by id. */
    Uni<Map<String, SessionRecord>> sessions(SqlClient connection, Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery("SELECT id, room, patient_ref, unit, ended_by FROM dosing_session WHERE id = ANY($1)")
                .execute(Tuple.of(sessionIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, SessionRecord> records = new HashMap<>();
                    rows.forEach(row -> records.put(row.getString("id"), new SessionRecord(row.getString("room"),
                            row.getString("patient_ref"), row.getString("unit"), row.getString("ended_by"))));
                    return records;
                });
    }

    /**
     * Stores many changes in one round of pipelined statements: new alerts inserted, changed ones
     * updated (each only if its version is still the one it was read at), every event appended.
     */
    Uni<Void> writeAll(SqlClient connection, List<Alert> before, List<AlertLifecycle.Change> changes) {
        List<Tuple> inserts = new ArrayList<>();
        List<Tuple> updates = new ArrayList<>();
        List<Tuple> events = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Alert previous = before.get(i);
            AlertLifecycle.Change change = changes.get(i);
            if (previous == null) {
                inserts.add(values(change.alert()));
            } else {
                updates.add(update(change.alert(), previous.version()));
            }
            change.events().forEach(event -> events.add(event(event)));
        }
        return batch(connection, INSERT_ALERT, inserts)
                .chain(() -> batch(connection, UPDATE_ALERT, updates).invoke(rows -> {
                    for (var set = rows; set != null; set = set.next()) {
                        if (set.rowCount() != 1) {
                            throw new IllegalStateException("an alert changed while it was locked");
                        }
                    }
                }))
                .chain(() -> batch(connection, INSERT_EVENT, events))
                .replaceWithVoid();
    }

    private static Uni<RowSet<Row>> batch(SqlClient connection, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().nullItem() : connection.preparedQuery(sql).executeBatch(rows);
    }

    /** Stores the alert as the change left it and appends the change's events to the audit trail. */
    Uni<Void> write(SqlClient connection, Alert before, AlertLifecycle.Change change) {
        Alert a = change.alert();
        Uni<?> row = before == null
                ? connection.preparedQuery(INSERT_ALERT).execute(values(a))
                : connection.preparedQuery(UPDATE_ALERT).execute(update(a, before.version()))
                .invoke(rows -> {
                    if (rows.rowCount() != 1) {
                        throw new IllegalStateException("alert " + a.alertId() + " changed while it was locked");
                    }
                });
        return row.chain(() -> Multi.createFrom().iterable(change.events())
                        .onItem().transformToUniAndConcatenate(event -> insert(connection, event))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> insert(SqlClient connection, AlertEvent e) {
        return connection.preparedQuery(INSERT_EVENT).execute(event(e)).replaceWithVoid();
    }

    private static Tuple update(Alert a, int previousVersion) {
        return Tuple.from(Arrays.asList(a.alertId(), a.priority().name(), a.version(), a.state().name(),
                a.conditionPresent(), a.escalationLevel(), a.value(), a.worstValue(), a.message(), time(a.readingTs()),
                a.acknowledgedBy(), time(a.acknowledgedAt()), a.ackNote(), time(a.resolvedAt()), time(a.escalatedAt()),
                name(a.ackReason()), previousVersion));
    }

    private static Tuple event(AlertEvent e) {
        return Tuple.from(Arrays.asList(e.alertId(), e.version(), e.event().name(), e.state().name(), e.priority().name(),
                e.conditionPresent(), e.escalationLevel(), e.value(), e.message(), time(e.readingTs()), time(e.at()),
                e.by(), e.note(), name(e.reason())));
    }

    /** An alert still open on a session that has ended, and who ended the session. */
    record OfEndedSession(Alert alert, String endedBy) {
    }

    /** Every alert not yet RESOLVED whose session has ended, locked (others' locked rows skipped). */
    Uni<List<OfEndedSession>> lockOpenOfEndedSessions(SqlClient connection) {
        return connection.preparedQuery("SELECT " + ALERT_COLUMNS + ", s.ended_by FROM alert a JOIN dosing_session s ON s.id = a.session_id "
                        + "WHERE a.state <> 'RESOLVED' AND s.ended_at IS NOT NULL ORDER BY a.raised_at FOR UPDATE OF a SKIP LOCKED")
                .execute()
                .map(rows -> all(rows, row -> new OfEndedSession(alert(row), row.getString("ended_by"))));
    }

    /** ACTIVE alerts (HIGH and MEDIUM) whose escalation interval may have passed, locked for this sweep. */
    Uni<List<Alert>> lockEscalationCandidates(SqlClient connection, Instant highDue, Instant mediumDue) {
        return connection.preparedQuery("SELECT " + COLUMNS + " FROM alert WHERE state = 'ACTIVE' AND ("
                        + "(priority = 'HIGH' AND COALESCE(escalated_at, raised_at) <= $1) OR "
                        + "(priority = 'MEDIUM' AND COALESCE(escalated_at, raised_at) <= $2)) "
                        + "ORDER BY raised_at FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(time(highDue), time(mediumDue)))
                .map(rows -> all(rows, AlertRows::alert));
    }

    /** Events stored but not yet confirmed on the topic, oldest first. */
    Uni<List<String[]>> unpublished(Instant olderThan, int limit) {
        return database.preparedQuery("SELECT alert_id, version FROM alert_event WHERE published_at IS NULL AND at <= $1 "
                        + "ORDER BY at LIMIT $2")
                .execute(Tuple.of(time(olderThan), limit))
                .map(rows -> all(rows, row -> new String[] {row.getString("alert_id"), row.getInteger("version").toString()}));
    }

    Uni<Void> markPublished(List<AlertEvent> events, Instant at) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = events.stream().map(AlertEvent::alertId).toArray(String[]::new);
        Integer[] versions = events.stream().map(AlertEvent::version).toArray(Integer[]::new);
        return database.preparedQuery("UPDATE alert_event SET published_at = $3 WHERE (alert_id, version) IN "
                        + "(SELECT * FROM unnest($1::varchar[], $2::int[]))")
                .execute(Tuple.of(ids, versions, time(at)))
                .replaceWithVoid();
    }

    private static Tuple values(Alert a) {
        return Tuple.from(Arrays.asList(a.alertId(), a.sessionId(), a.room(), a.patientRef(), a.unit(), a.rule().name(), a.kind().name(), a.priority().name(),
                a.version(), a.state().name(), a.conditionPresent(), a.escalationLevel(), (a.vital()),
                (a.value()), (a.threshold()), (a.worstValue()), a.message(), (a.evidence()),
                time(a.onsetTs()), time(a.readingTs()), time(a.raisedAt()), (a.acknowledgedBy()),
                (time(a.acknowledgedAt())), (a.ackNote()), (time(a.resolvedAt())),
                (time(a.escalatedAt())), name(a.ackReason())));
    }
}
