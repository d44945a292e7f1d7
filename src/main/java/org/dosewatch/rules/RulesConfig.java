package org.dosewatch.rules;

import java.time.Duration;

import org.dosewatch.monitor.RuleProfile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The rule profile as configuration under {@code dosewatch.rules}. The defaults (profile
 * {@code adult-ketamine}) are in application.properties, each with its reason from
 * docs/clinical-rules.md; docs/clinical-rules.md's rule table is kept equal to them by a test. Any of them can be
 * overridden per deployment (for example {@code DOSEWATCH_RULES_SPO2_LOW_LIMIT=88}).
 */
@ConfigMapping(prefix = "dosewatch.rules")
public interface RulesConfig {

    String profile();

    @WithName("spo2-low") Threshold spo2Low();
    @WithName("spo2-critical") Threshold spo2Critical();
    Threshold rrLow();
    Threshold rrCritical();
    Threshold rrHigh();
    Threshold hrHigh();
    Threshold hrCriticalHigh();
    Threshold hrLow();
    Threshold hrCriticalLow();
    Apnea apnea();
    Cuff bpSevere();
    Cuff bpEmergency();
    Cuff bpLow();
    Cuff bpRise();
    Trend sbpRisingFast();
    @WithName("spo2-falling") Trend spo2Falling();
    RateFall rrFalling();
    @WithName("news2-medium") Score news2Medium();
    @WithName("news2-high") Score news2High();
    Technical technical();
    Workflow workflow();
    Lifecycle lifecycle();
    Discharge discharge();

    interface Threshold {
        double limit();
        Duration delay();
        double margin();
    }

    interface Cuff {
        double sbp();
        double dbp();
        int readings();
        double margin();
    }

    interface Trend {
        double change();
        Duration window();
        double margin();
    }

    interface RateFall {
        double fraction();
        Duration delay();
        double margin();
    }

    interface Apnea {
        Duration noBreath();
        Duration zeroRate();
    }

    interface Score {
        int aggregate();
        int singleParameter();
        Duration delay();
    }

    interface Technical {
        Duration signalLoss();
        Duration escalation();
        Duration sensorStale();
    }

    interface Workflow {
        Duration nibpOverdue();
        Duration bpCheckFrom();
        Duration bpCheckTo();
        double predoseSbp();
        double predoseDbp();
    }

    interface Lifecycle {
        Duration clearAfter();
        Duration updateInterval();
        UpdateStep updateStep();
        Duration smoothing();
    }

    interface UpdateStep {
        double hr();
        double spo2();
        double rr();
        double etco2();
        double bp();
        double score();
    }

    interface Discharge {
        Duration ketamineObservation();
        Duration esketamineObservation();
        Duration stableFor();
        double baselineFraction();
        int moaas();
        int aldrete();
    }

    /** The plain value the rule engine takes. */
    default RuleProfile toProfile() {
        return new RuleProfile(profile(),
                threshold(spo2Low()), threshold(spo2Critical()), threshold(rrLow()), threshold(rrCritical()),
                threshold(rrHigh()), threshold(hrHigh()), threshold(hrCriticalHigh()), threshold(hrLow()),
                threshold(hrCriticalLow()),
                new RuleProfile.Apnea(apnea().noBreath(), apnea().zeroRate()),
                cuff(bpSevere()), cuff(bpEmergency()), cuff(bpLow()), cuff(bpRise()),
                trend(sbpRisingFast()), trend(spo2Falling()),
                new RuleProfile.RateFall(rrFalling().fraction(), rrFalling().delay(), rrFalling().margin()),
                score(news2Medium()), score(news2High()),
                new RuleProfile.Technical(technical().signalLoss(), technical().escalation(), technical().sensorStale()),
                new RuleProfile.Workflow(workflow().nibpOverdue(), workflow().bpCheckFrom(), workflow().bpCheckTo(),
                        workflow().predoseSbp(), workflow().predoseDbp()),
                new RuleProfile.Lifecycle(lifecycle().clearAfter(), lifecycle().updateInterval(),
                        updateSteps(lifecycle().updateStep()), lifecycle().smoothing()),
                new RuleProfile.Discharge(discharge().ketamineObservation(), discharge().esketamineObservation(),
                        discharge().stableFor(), discharge().baselineFraction(), discharge().moaas(), discharge().aldrete()));
    }

    private static RuleProfile.Threshold threshold(Threshold t) {
        return new RuleProfile.Threshold(t.limit(), t.delay(), t.margin());
    }

    private static RuleProfile.UpdateSteps updateSteps(UpdateStep s) {
        return new RuleProfile.UpdateSteps(s.hr(), s.spo2(), s.rr(), s.etco2(), s.bp(), s.score());
    }

    private static RuleProfile.Cuff cuff(Cuff c) {
        return new RuleProfile.Cuff(c.sbp(), c.dbp(), c.readings(), c.margin());
    }

    private static RuleProfile.Trend trend(Trend t) {
        return new RuleProfile.Trend(t.change(), t.window(), t.margin());
    }

    private static RuleProfile.Score score(Score s) {
        return new RuleProfile.Score(s.aggregate(), s.singleParameter(), s.delay());
    }
}
