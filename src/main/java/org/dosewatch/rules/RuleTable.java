package org.dosewatch.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.RuleProfile;

/**
 * The rule table of docs/clinical-rules.md, written from a rule profile, so the documentation can be
 * checked against the configuration the service really runs with.
 */
public final class RuleTable {

    private RuleTable() {
    }

    public static String markdown(RuleProfile p) {
        List<String> rows = new ArrayList<>();
        rows.add("| rule | kind | priority | raised when | delay | clears when (held " + time(p.lifecycle().clearAfter())
                + " for frame rules) | why |");
        rows.add("|---|---|---|---|---|---|---|");
        row(rows, RuleId.SPO2_LOW, "SpO2 < " + n(p.spo2Low().limit()) + " %", time(p.spo2Low().delay()),
                "SpO2 >= " + n(p.spo2Low().limit() + p.spo2Low().margin()) + " %",
                "a 15 s delay removes most false SpO2 alarms");
        row(rows, RuleId.SPO2_CRITICAL, "SpO2 <= " + n(p.spo2Critical().limit()) + " %", time(p.spo2Critical().delay()),
                "SpO2 >= " + n(p.spo2Critical().limit() + p.spo2Critical().margin()) + " %", "rapid desaturation: no delay");
        row(rows, RuleId.RR_LOW, "RR <= " + n(p.rrLow().limit()) + " /min", time(p.rrLow().delay()),
                "RR >= " + n(p.rrLow().limit() + p.rrLow().margin()), "NEWS2 scores 9-11 as 1; stays open below 9 too");
        row(rows, RuleId.RR_CRITICAL, "RR <= " + n(p.rrCritical().limit()) + " /min", time(p.rrCritical().delay()),
                "RR >= " + n(p.rrCritical().limit() + p.rrCritical().margin()), "NEWS2 3: respiratory depression");
        row(rows, RuleId.RR_HIGH, "RR >= " + n(p.rrHigh().limit()) + " /min", time(p.rrHigh().delay()),
                "RR <= " + n(p.rrHigh().limit() - p.rrHigh().margin()), "NEWS2 3");
        row(rows, RuleId.APNEA, "capnography in use and no frame with RR > 0 for " + time(p.apnea().noBreath())
                + ", or RR = 0 for " + time(p.apnea().zeroRate()), "as stated", "breaths seen again", "no breathing");
        row(rows, RuleId.HR_HIGH, "HR > " + n(p.hrHigh().limit()) + " /min", time(p.hrHigh().delay()),
                "HR <= " + n(p.hrHigh().limit() - p.hrHigh().margin()), "ketamine raises HR: sustained only");
        row(rows, RuleId.HR_CRITICAL_HIGH, "HR >= " + n(p.hrCriticalHigh().limit()) + " /min", time(p.hrCriticalHigh().delay()),
                "HR <= " + n(p.hrCriticalHigh().limit() - p.hrCriticalHigh().margin()), "IEC 60601-2-27 caps HR alarm delay at 10 s");
        row(rows, RuleId.HR_LOW, "HR <= " + n(p.hrLow().limit()) + " /min", time(p.hrLow().delay()),
                "HR >= " + n(p.hrLow().limit() + p.hrLow().margin()), "bradycardia");
        row(rows, RuleId.HR_CRITICAL_LOW, "HR <= " + n(p.hrCriticalLow().limit()) + " /min", time(p.hrCriticalLow().delay()),
                "HR >= " + n(p.hrCriticalLow().limit() + p.hrCriticalLow().margin()), "severe bradycardia");
        row(rows, RuleId.BP_SEVERE, "SBP > " + n(p.bpSevere().sbp()) + " or DBP > " + n(p.bpSevere().dbp()) + " mmHg",
                p.bpSevere().readings() + " NIBP readings", cuffClear(p.bpSevere()), "hold or stop the infusion");
        row(rows, RuleId.BP_EMERGENCY, "SBP >= " + n(p.bpEmergency().sbp()) + " or DBP >= " + n(p.bpEmergency().dbp()) + " mmHg",
                p.bpEmergency().readings() + " NIBP reading", cuffClear(p.bpEmergency()), "hypertensive emergency");
        row(rows, RuleId.BP_LOW, "SBP < " + n(p.bpLow().sbp()) + " mmHg", p.bpLow().readings() + " NIBP reading",
                "next reading SBP >= " + n(p.bpLow().sbp() + p.bpLow().margin()), "hypotension");
        row(rows, RuleId.BP_RISE, "after the dose, SBP >= baseline + " + n(p.bpRise().sbp()) + " or DBP >= baseline + "
                        + n(p.bpRise().dbp()) + " mmHg", p.bpRise().readings() + " NIBP readings",
                "next reading within " + n(p.bpRise().sbp() - p.bpRise().margin()) + "/" + n(p.bpRise().dbp() - p.bpRise().margin())
                        + " of baseline", "needs a baseline");
        row(rows, RuleId.SBP_RISING_FAST, "least-squares SBP rise >= " + n(p.sbpRisingFast().change()) + " mmHg within "
                        + time(p.sbpRisingFast().window()), "NIBP readings",
                "rise < " + n(p.sbpRisingFast().change() - p.sbpRisingFast().margin()), "early warning before BP_SEVERE");
        row(rows, RuleId.SPO2_FALLING, "least-squares SpO2 fall >= " + n(p.spo2Falling().change()) + " points within "
                        + time(p.spo2Falling().window()) + " while SpO2 >= " + n(p.spo2Low().limit()), "-",
                "fall < " + n(p.spo2Falling().change() - p.spo2Falling().margin()), "early warning before SPO2_LOW");
        row(rows, RuleId.RR_FALLING, "after the dose, RR <= " + n(100 * (1 - p.rrFalling().fraction())) + " % of baseline RR",
                time(p.rrFalling().delay()), "RR >= that + " + n(p.rrFalling().margin()), "respiratory depression early warning");
        row(rows, RuleId.RESP_DEPRESSION, "RR_LOW or RR_CRITICAL open with SPO2_FALLING, SPO2_LOW or SPO2_CRITICAL", "0 s",
                "either side closes", "the most dangerous ketamine event");
        row(rows, RuleId.NEWS2_MEDIUM, "NEWS2 >= " + p.news2Medium().aggregate() + " or one parameter scores "
                + p.news2Medium().singleParameter(), time(p.news2Medium().delay()), "below", "RCP 2017, medians of "
                + time(p.lifecycle().smoothing()));
        row(rows, RuleId.NEWS2_HIGH, "NEWS2 >= " + p.news2High().aggregate(), time(p.news2High().delay()), "below",
                "RCP 2017, medians of " + time(p.lifecycle().smoothing()));
        row(rows, RuleId.SIGNAL_LOSS, "no frame for " + time(p.technical().signalLoss()) + " (wall clock live, device-time gap on replay)",
                "-", "next frame", "HIGH after " + time(p.technical().escalation()));
        row(rows, RuleId.SENSOR_STALE, "frames arrive but HR, SpO2 or RR missing for " + time(p.technical().sensorStale())
                + " after it was present", "-", "all present", "probe off, sensor unplugged");
        row(rows, RuleId.NIBP_OVERDUE, "after the dose, no NIBP for " + time(p.workflow().nibpOverdue()), "-", "next NIBP",
                "BP is the main ketamine effect");
        row(rows, RuleId.BP_40MIN_MISSING, "no NIBP between " + time(p.workflow().bpCheckFrom()) + " and "
                + time(p.workflow().bpCheckTo()) + " after the dose", "-", "next NIBP", "esketamine label check");
        row(rows, RuleId.PREDOSE_BP_HIGH, "before the dose, baseline SBP > " + n(p.workflow().predoseSbp()) + " or DBP > "
                + n(p.workflow().predoseDbp()) + " mmHg", "-", "baseline back within, or dose recorded",
                "uncontrolled hypertension is a contraindication");
        return String.join("\n", rows) + "\n";
    }

    private static void row(List<String> rows, RuleId rule, String condition, String delay, String clear, String why) {
        rows.add("| " + rule + " | " + rule.kind() + " | " + rule.priority() + " | " + condition + " | " + delay + " | "
                + clear + " | " + why + " |");
    }

    private static String cuffClear(RuleProfile.Cuff cuff) {
        return "next reading SBP <= " + n(cuff.sbp() - cuff.margin()) + " and DBP <= " + n(cuff.dbp() - cuff.margin());
    }

    private static String n(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String time(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 120 && seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
