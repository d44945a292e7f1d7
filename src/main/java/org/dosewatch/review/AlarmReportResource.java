package org.dosewatch.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.alert.AckReason;
import org.dosewatch.monitor.Priority;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.session.SessionSettings;
import org.dosewatch.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The alarm-burden report (docs/contract.md section 8): the alarms raised in a window, per rule,
 * priority and phase, against the hours of monitoring in it.
 */
@Path("/api/reports/alarms")
@Tag(name = "Review")
@Produces(MediaType.APPLICATION_JSON)
public class AlarmReportResource {

    /** The window when none is given: the last 30 days. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final Pool database;
    private final SessionSettings settings;
    private final Clock clock;

    public AlarmReportResource(Pool database, SessionSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    @RolesAllowed("clinician")
    @Operation(summary = "Alarm burden per rule, priority and phase of the alarms raised from 'from' (inclusive) to 'to' "
            + "(exclusive); instants or UTC dates, by default the last 30 days")
    public Uni<AlarmReport> report(@QueryParam("from") String fromText, @QueryParam("to") String toText) {
        Instant now = clock.instant();
        Instant to = toText == null || toText.isBlank() ? now : instant("to", toText);
        Instant from = fromText == null || fromText.isBlank() ? to.minus(DEFAULT_WINDOW) : instant("from", fromText);
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("from", "'" + fromText + "' is not before to (" + to + ")");
        }
        Tuple window = Tuple.of(utc(from), utc(to), utc(now));
        Uni<Row> monitored = database.preparedQuery("SELECT count(*) AS sessions, COALESCE(sum(EXTRACT(EPOCH FROM "
                        + "LEAST(COALESCE(ended_at, $3), $2) - GREATEST(created_at, $1))), 0) AS seconds FROM dosing_session "
                        + "WHERE created_at < $2 AND COALESCE(ended_at, $3) > $1")
                .execute(window).map(rows -> rows.iterator().next());
        Uni<List<AlarmReport.Alarm>> alarms = database.preparedQuery("SELECT a.session_id, a.rule, a.priority, a.onset_ts, "
                        + "a.raised_at, a.acknowledged_at, a.ack_reason, s.dose_at, s.route, s.ready_at FROM alert a "
                        + "LEFT JOIN dosing_session s ON s.id = a.session_id WHERE a.raised_at >= $1 AND a.raised_at < $2")
                .execute(Tuple.of(utc(from), utc(to)))
                .map(rows -> {
                    List<AlarmReport.Alarm> list = new ArrayList<>();
                    rows.forEach(row -> list.add(alarm(row)));
                    return list;
                });
        return Uni.combine().all().unis(monitored, alarms).asTuple()
                .map(both -> AlarmReport.of(from, to, both.getItem1().getLong("sessions").intValue(),
                        both.getItem1().getNumeric("seconds").doubleValue() / 3600, both.getItem2()));
    }

    private AlarmReport.Alarm alarm(Row row) {
        String route = row.getString("route");
        Duration administration = settings.administration(route == null ? null : Route.valueOf(route));
        String reason = row.getString("ack_reason");
        return new AlarmReport.Alarm(row.getString("session_id"), RuleId.valueOf(row.getString("rule")),
                Priority.valueOf(row.getString("priority")),
                AlarmReport.phaseAt(instant(row, "onset_ts"), instant(row, "dose_at"), administration, instant(row, "ready_at")),
                instant(row, "raised_at"), instant(row, "acknowledged_at"), reason == null ? null : AckReason.valueOf(reason));
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw ProblemException.badRequest(field, "'" + text + "' is not an instant (2026-11-30T08:00:00Z) or a date (2026-11-30)");
            }
        }
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
