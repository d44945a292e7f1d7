package org.dosewatch.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.dosewatch.alert.AlertQueries;
import org.dosewatch.monitor.Route;
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
    private final AlertQueries alerts;
    private final SessionSettings settings;
    private final Clock clock;

    public AlarmReportResource(Pool database, AlertQueries alerts, SessionSettings settings, Clock clock) {
        this.database = database;
        this.alerts = alerts;
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
        Uni<List<AlarmReport.Alarm>> alarms = alerts.raisedBetween(from, to)
                .map(raised -> raised.stream().map(this::alarm).toList());
        return Uni.combine().all().unis(monitored, alarms).asTuple()
                .map(both -> AlarmReport.of(from, to, both.getItem1().getLong("sessions").intValue(),
                        both.getItem1().getNumeric("seconds").doubleValue() / 3600, both.getItem2()));
    }

    private AlarmReport.Alarm alarm(AlertQueries.Raised alarm) {
        Duration administration = settings.administration(alarm.route() == null ? null : Route.valueOf(alarm.route()));
        return new AlarmReport.Alarm(alarm.sessionId(), alarm.rule(), alarm.priority(),
                AlarmReport.phaseAt(alarm.onsetTs(), alarm.doseAt(), administration, alarm.readyAt()),
                alarm.raisedAt(), alarm.acknowledgedAt(), alarm.ackReason());
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

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
