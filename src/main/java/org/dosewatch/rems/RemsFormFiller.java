package org.dosewatch.rems;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dosewatch.alert.Alert;
import org.dosewatch.history.VitalsHistory.BloodPressure;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.protocol.ProtocolCheck;
import org.dosewatch.session.DosingSession;
import org.dosewatch.session.Observation;

/**
 * Fills the REMS form from an ended session's record: a pure function of the record, so the
 * form can be exported again and says the same.
 */
public final class RemsFormFiller {

    /** The alerts that say breathing was depressed (docs/clinical-rules.md). */
    private static final Set<RuleId> RESPIRATORY = Set.of(RuleId.RESP_DEPRESSION, RuleId.RR_CRITICAL, RuleId.RR_LOW,
            RuleId.APNEA, RuleId.SPO2_CRITICAL, RuleId.SPO2_LOW);
    /** The label's blood pressure "at approximately 40 minutes": a reading from 35 to 45 minutes after the dose. */
    private static final Duration FORTY_FROM = Duration.ofMinutes(35);
    private static final Duration FORTY_TO = Duration.ofMinutes(45);
    private static final Duration BEFORE_DOSE = Duration.ofMinutes(60);
    private static final Duration TWO_HOURS = Duration.ofHours(2);
    private static final Duration DUE_WITHIN = Duration.ofDays(7);

    private RemsFormFiller() {
    }

    /**
     * @param predoseSbp the pre-dose limits of the rule profile (140/90: the label's threshold)
     * @param fortyMinuteCheck the status of the protocol's 40-minute blood pressure check, if it has one
     */
    public static RemsForm fill(DosingSession s, List<Observation> observations, List<Alert> alerts,
                                List<BloodPressure> readings, Optional<ProtocolCheck> fortyMinuteCheck, double predoseSbp,
                                double predoseDbp, ZoneId zone) {
        Instant dose = s.doseAt;
        Instant end = s.endedAt;
        List<String> missing = new ArrayList<>();
        RemsForm.Reading beforeDose = dose == null ? null : readings.stream()
                .filter(r -> !r.at().isAfter(dose) && !r.at().isBefore(dose.minus(BEFORE_DOSE)))
                .max(Comparator.comparing(BloodPressure::at)).map(r -> reading(r, dose)).orElse(null);
        RemsForm.Reading forty = dose == null ? null : readings.stream()
                .filter(r -> !r.at().isBefore(dose.plus(FORTY_FROM)) && !r.at().isAfter(dose.plus(FORTY_TO)))
                .min(Comparator.comparing(r -> Duration.between(dose.plusSeconds(2400), r.at()).abs()))
                .map(r -> reading(r, dose)).orElse(null);
        RemsForm.Reading beforeEnd = dose == null || end == null ? null : readings.stream()
                .filter(r -> r.at().isAfter(dose) && !r.at().isAfter(end))
                .max(Comparator.comparing(BloodPressure::at)).map(r -> reading(r, dose)).orElse(null);
        String fortyCheck = fortyMinuteCheck.map(c -> c.status().name()).orElse(forty != null ? "DONE" : "OVERDUE");
        if (s.lotNumber == null) {
            missing.add("lotNumber: the product's lot number (PUT /api/sessions/{id}/rems-inputs)");
        }
        if (s.concomitantMedications == null) {
            missing.add("concomitantMedications: the patient's other medications (PUT /api/sessions/{id}/rems-inputs)");
        }
        if (dose == null) {
            missing.add("administeredAt: no dose recorded");
        }
        if (beforeDose == null) {
            missing.add("bloodPressure.beforeDose: no NIBP reading in the hour before the dose");
        }
        if (forty == null) {
            missing.add("bloodPressure.at40Minutes: no NIBP reading 35 to 45 minutes after the dose (check " + fortyCheck + ")");
        }
        if (s.readyAt == null) {
            missing.add("readyAt: the patient was not recorded as ready to leave before the session ended");
        }
        long monitored = dose == null || end == null ? 0 : Duration.between(dose, end).toMinutes();
        Long readyAfter = dose == null || s.readyAt == null ? null : Duration.between(dose, s.readyAt).toMinutes();
        RemsForm.Answer before = beforeDose == null ? new RemsForm.Answer(false, "no blood pressure before the dose")
                : new RemsForm.Answer(beforeDose.sbp() <= predoseSbp && beforeDose.dbp() <= predoseDbp,
                        "NIBP " + beforeDose.sbp() + "/" + beforeDose.dbp() + " mmHg, " + -beforeDose.minutesAfterDose()
                                + " min before the dose (limit " + whole(predoseSbp) + "/" + whole(predoseDbp) + ")");
        RemsForm.Answer atEnd = new RemsForm.Answer(Boolean.TRUE.equals(s.dischargeReadyAtEnd),
                Boolean.TRUE.equals(s.dischargeReadyAtEnd) ? "every discharge criterion met when the session ended"
                        : "not every discharge criterion met when the session ended");
        return new RemsForm(RemsForm.TITLE, s.id, s.patientRef, dose == null ? null : dose.atZone(zone).toLocalDate(),
                s.drug == null ? null : s.drug.name(), s.route == null ? null : s.route.name(), s.doseMg, s.lotNumber, dose, end,
                monitored, monitored >= TWO_HOURS.toMinutes(), s.readyAt, readyAfter,
                readyAfter == null ? "not recorded as ready before the end" : "ready at " + readyAfter + " min after the dose",
                before, atEnd, new RemsForm.BloodPressures(beforeDose, forty, fortyCheck, beforeEnd),
                sedation(observations, dose), dissociation(observations, dose), respiratory(observations, alerts, s, dose),
                s.concomitantMedications, s.endedBy != null ? s.endedBy : s.dosedBy, missing,
                end == null ? null : end.plus(DUE_WITHIN).atZone(zone).toLocalDate(), s.remsExportedAt);
    }

    private static RemsForm.Reading reading(BloodPressure r, Instant dose) {
        return new RemsForm.Reading(r.at(), Duration.between(dose, r.at()).toMinutes(), Math.round(r.sbp()), Math.round(r.dbp()));
    }

    /** Sedation: recorded as present, or a MOAA/S below 5; resolved when the newest says alert and not sedated. */
    private static RemsForm.Finding sedation(List<Observation> observations, Instant dose) {
        Optional<Observation> first = observations.stream()
                .filter(o -> Boolean.TRUE.equals(o.sedation) || (o.moaas != null && o.moaas < 5)).findFirst();
        if (first.isEmpty()) {
            return new RemsForm.Finding(false, true, "no sedation recorded (MOAA/S 5 or not scored)");
        }
        Optional<Observation> lastMoaas = observations.stream().filter(o -> o.moaas != null).reduce((a, b) -> b);
        Optional<Observation> lastFlag = observations.stream().filter(o -> o.sedation != null).reduce((a, b) -> b);
        boolean resolved = lastMoaas.map(o -> o.moaas == 5).orElse(true) && lastFlag.map(o -> !o.sedation).orElse(true);
        return new RemsForm.Finding(true, resolved, "first recorded " + after(first.get().at, dose)
                + (resolved ? "; resolved" + lastMoaas.filter(o -> o.moaas == 5).map(o -> " (MOAA/S 5 " + after(o.at, dose) + ")")
                        .orElse("") : "; not resolved by the end"));
    }

    /** Dissociation: recorded as present, or a CADSS total above 0. */
    private static RemsForm.Finding dissociation(List<Observation> observations, Instant dose) {
        Optional<Observation> first = observations.stream()
                .filter(o -> Boolean.TRUE.equals(o.dissociation) || (o.cadss != null && o.cadss > 0)).findFirst();
        if (first.isEmpty()) {
            return new RemsForm.Finding(false, true, "no dissociation recorded");
        }
        Optional<Observation> last = observations.stream().filter(o -> o.dissociation != null || o.cadss != null)
                .reduce((a, b) -> b);
        boolean resolved = last.map(o -> !Boolean.TRUE.equals(o.dissociation) && (o.cadss == null || o.cadss == 0)).orElse(true);
        return new RemsForm.Finding(true, resolved, "first recorded " + after(first.get().at, dose)
                + (resolved ? "; resolved " + after(last.get().at, dose) : "; not resolved by the end"));
    }

    /** Respiratory depression: recorded as present, or an alert of depressed breathing. */
    private static RemsForm.Finding respiratory(List<Observation> observations, List<Alert> alerts, DosingSession s,
                                                Instant dose) {
        List<Alert> raised = alerts.stream().filter(a -> RESPIRATORY.contains(a.rule()))
                .sorted(Comparator.comparing(Alert::onsetTs)).toList();
        boolean recorded = observations.stream().anyMatch(o -> Boolean.TRUE.equals(o.respiratoryDepression));
        if (raised.isEmpty() && !recorded) {
            return new RemsForm.Finding(false, true, "no respiratory depression recorded or alerted");
        }
        boolean resolved = !Boolean.TRUE.equals(s.respiratoryDepression);
        String detail = (raised.isEmpty() ? "recorded by a nurse"
                : "alerts " + String.join(", ", raised.stream().map(a -> a.rule().name()).distinct().toList()) + " from "
                        + after(raised.get(0).onsetTs(), dose))
                + (resolved ? "; resolved" : "; not recorded as resolved by the end");
        return new RemsForm.Finding(true, resolved, detail);
    }

    private static String after(Instant at, Instant dose) {
        if (dose == null) {
            return "at " + at;
        }
        long minutes = Duration.between(dose, at).toMinutes();
        return minutes >= 0 ? minutes + " min after the dose" : -minutes + " min before the dose";
    }

    private static String whole(double value) {
        return Long.toString(Math.round(value));
    }
}
