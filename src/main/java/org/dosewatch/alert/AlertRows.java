package org.dosewatch.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dosewatch.monitor.AlertKind;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.RuleId;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** How an alert is laid out in the {@code alert} table, read and written by the alert store and its queries. */
final class AlertRows {

    static final String COLUMNS = "alert_id, session_id, room, patient_ref, unit, rule, kind, priority, version, state, condition_present, "
            + "escalation_level, vital, value, threshold, worst_value, message, evidence, onset_ts, reading_ts, raised_at, "
            + "acknowledged_by, acknowledged_at, ack_note, resolved_at, escalated_at, ack_reason";

    /** The same columns, of table alias {@code a}, for a query that joins alerts to their sessions. */
    static final String ALERT_COLUMNS = Arrays.stream(COLUMNS.split(", ")).map(c -> "a." + c)
            .collect(Collectors.joining(", "));

    private AlertRows() {
    }

    static Alert alert(Row row) {
        return new Alert(row.getString("alert_id"), row.getString("session_id"), row.getString("room"),
                row.getString("patient_ref"), row.getString("unit"), RuleId.valueOf(row.getString("rule")),
                AlertKind.valueOf(row.getString("kind")), Priority.valueOf(row.getString("priority")),
                row.getInteger("version"), AlertState.valueOf(row.getString("state")), row.getBoolean("condition_present"),
                row.getInteger("escalation_level"), row.getString("vital"), row.getDouble("value"),
                row.getDouble("threshold"), row.getDouble("worst_value"), row.getString("message"),
                row.getString("evidence"), instant(row, "onset_ts"), instant(row, "reading_ts"), instant(row, "raised_at"),
                row.getString("acknowledged_by"), instant(row, "acknowledged_at"), row.getString("ack_note"),
                reason(row.getString("ack_reason")), instant(row, "resolved_at"), instant(row, "escalated_at"));
    }

    static <T> List<T> all(RowSet<Row> rows, Function<Row, T> read) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(read.apply(row)));
        return list;
    }

    static String name(AckReason reason) {
        return reason == null ? null : reason.name();
    }

    static AckReason reason(String name) {
        return name == null ? null : AckReason.valueOf(name);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
