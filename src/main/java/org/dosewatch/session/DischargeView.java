package org.dosewatch.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dosewatch.monitor.DischargeGate;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;

/**
 * The discharge gate as the session answer shows it (docs/contract.md section 6): each criterion,
 * met or not and why; {@code ready} only when all are met; {@code readyAt} the first time they
 * all held, kept for the REMS form.
 */
public record DischargeView(boolean ready, Instant readyAt, List<Criterion> criteria) {

    public record Criterion(String name, boolean met, String detail) {
    }

    /** From the rule engine's view; {@code activeAlerts}: the session's ACTIVE alerts. */
    public static DischargeView of(DischargeGate gate, int activeAlerts) {
        RuleProfile.Discharge settings = gate.settings();
        Drug drug = gate.drug();
        List<Criterion> criteria = new ArrayList<>();
        criteria.add(observation(gate.observedUntil(), gate.observedLongEnough(), settings, drug));
        criteria.add(new Criterion("vitals-stable", gate.stable(), "HR, SBP and DBP within "
                + Math.round(settings.baselineFraction() * 100) + " % of baseline, RR and SpO2 in their normal NEWS2 bands: for "
                + minutes(gate.stableFor()) + " min, " + minutes(settings.stableFor()) + " needed"));
        criteria.add(noAlert(activeAlerts));
        criteria.addAll(recovery(gate.recovery(), settings));
        return new DischargeView(criteria.stream().allMatch(Criterion::met), gate.readyAt(), criteria);
    }

    /** From the session's record alone, when no instance has evaluated its vitals yet (or any more). */
    static DischargeView fromRecord(DosingSession session, RuleProfile.Discharge settings, Instant now, int activeAlerts) {
        List<Criterion> criteria = new ArrayList<>();
        Instant until = session.doseAt == null || session.drug == null ? null : session.doseAt.plus(settings.observation(session.drug));
        criteria.add(observation(until, until != null && !now.isBefore(until), settings, session.drug));
        criteria.add(new Criterion("vitals-stable", session.readyAt != null,
                session.readyAt != null ? "stable when the patient was ready" : "no vitals evaluated for this session now"));
        criteria.add(noAlert(activeAlerts));
        criteria.addAll(recovery(recovery(session), settings));
        return new DischargeView(criteria.stream().allMatch(Criterion::met), session.readyAt, criteria);
    }

    /**
     * The same criteria with the recovery findings of the session's record, which is current the
     * moment a nurse records them (the rule engine hears of them a moment later).
     */
    DischargeView withRecovery(DosingSession session, RuleProfile.Discharge settings) {
        List<Criterion> recorded = recovery(recovery(session), settings);
        List<Criterion> merged = criteria.stream().map(c -> recorded.stream().filter(r -> r.name().equals(c.name())).findFirst()
                .orElse(c)).toList();
        return new DischargeView(merged.stream().allMatch(Criterion::met), readyAt, merged);
    }

    private static SessionFacts.Recovery recovery(DosingSession session) {
        return new SessionFacts.Recovery(session.moaas, session.aldrete, Boolean.TRUE.equals(session.sedation),
                Boolean.TRUE.equals(session.dissociation), Boolean.TRUE.equals(session.respiratoryDepression));
    }

    /** The same criteria with the session's ACTIVE alerts counted by the alert lifecycle (latched ones too). */
    DischargeView withActiveAlerts(int activeAlerts) {
        List<Criterion> counted = criteria.stream().map(c -> c.name().equals("no-active-alert") ? noAlert(activeAlerts) : c).toList();
        return new DischargeView(counted.stream().allMatch(Criterion::met), readyAt, counted);
    }

    private static Criterion observation(Instant until, boolean met, RuleProfile.Discharge settings, Drug drug) {
        long needed = drug == null ? 0 : settings.observation(drug).toMinutes();
        return new Criterion("minimum-observation", met, until == null ? "no dose recorded; " + needed + " min of observation after it"
                : needed + " min after the dose" + (drug == Drug.ESKETAMINE ? " (esketamine label)" : "") + ", until " + until);
    }

    private static Criterion noAlert(int active) {
        return new Criterion("no-active-alert", active == 0, active == 0 ? "no alert ACTIVE" : active + " alert(s) ACTIVE");
    }

    private static List<Criterion> recovery(SessionFacts.Recovery recovery, RuleProfile.Discharge settings) {
        List<String> present = new ArrayList<>();
        if (recovery.sedation()) {
            present.add("sedation");
        }
        if (recovery.dissociation()) {
            present.add("dissociation");
        }
        if (recovery.respiratoryDepression()) {
            present.add("respiratory depression");
        }
        return List.of(
                new Criterion("moaas", recovery.alertEnough(settings.moaas()), (recovery.moaas() == null ? "no MOAA/S recorded"
                        : "newest MOAA/S " + recovery.moaas()) + "; " + settings.moaas() + " needed"),
                new Criterion("aldrete", recovery.recoveredEnough(settings.aldrete()), (recovery.aldrete() == null
                        ? "no modified Aldrete recorded" : "newest modified Aldrete " + recovery.aldrete()) + "; "
                        + settings.aldrete() + " or more needed"),
                new Criterion("resolved", present.isEmpty(), present.isEmpty()
                        ? "sedation, dissociation and respiratory depression resolved or never recorded"
                        : String.join(", ", present) + " recorded and not yet resolved"));
    }

    private static long minutes(Duration duration) {
        return duration.toMinutes();
    }
}
