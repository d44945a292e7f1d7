package org.dosewatch.rems;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The esketamine REMS Patient Monitoring Form, filled from the session's record
 * (docs/contract.md section 6): what the form asks, each answer with where it came from, and
 * which answers the record cannot give ({@code missing}). Due within 7 days of the treatment.
 */
public record RemsForm(
        String form,
        String sessionId,
        String patientRef,
        LocalDate treatmentDate,
        String drug,
        String route,
        Double doseMg,
        String lotNumber,
        Instant administeredAt,
        Instant monitoringEnd,
        long minutesMonitored,
        boolean monitoredAtLeastTwoHours,
        Instant readyAt,
        Long readyAfterMinutes,
        String readyToLeave,
        Answer vitalsAcceptableBeforeDose,
        Answer vitalsAcceptableAtEnd,
        BloodPressures bloodPressure,
        Finding sedation,
        Finding dissociation,
        Finding respiratoryDepression,
        String concomitantMedications,
        String monitoringClinician,
        List<String> missing,
        LocalDate deadline,
        Instant exportedAt) {

    public static final String TITLE = "SPRAVATO (esketamine) REMS Patient Monitoring Form";

    /** A yes/no answer and why. */
    public record Answer(boolean yes, String detail) {
    }

    /** An NIBP reading with its time after the dose. */
    public record Reading(Instant at, long minutesAfterDose, long sbp, long dbp) {
    }

    /** The label's blood pressures: before the dose, at about 40 minutes (its check's status), before the end. */
    public record BloodPressures(Reading beforeDose, Reading at40Minutes, String at40MinutesCheck, Reading beforeEnd) {
    }

    /** Whether it occurred during the session, whether it had resolved by the end, and from what. */
    public record Finding(boolean occurred, boolean resolved, String detail) {
    }
}
