package org.dosewatch.monitor;

import java.time.Duration;

/**
 * Every number the rules use, as one plain value. The service builds it from configuration
 * ({@code dosewatch.rules.*}, profile {@code adult-ketamine} by default); the reasons for each
 * default are in docs/clinical-rules.md and its rule table.
 */
public record RuleProfile(
        String name,
        Threshold spo2Low,
        Threshold spo2Critical,
        Threshold rrLow,
        Threshold rrCritical,
        Threshold rrHigh,
        Threshold hrHigh,
        Threshold hrCriticalHigh,
        Threshold hrLow,
        Threshold hrCriticalLow,
        Apnea apnea,
        Cuff bpSevere,
        Cuff bpEmergency,
        Cuff bpLow,
        Cuff bpRise,
        Trend sbpRisingFast,
        Trend spo2Falling,
        RateFall rrFalling,
        Score news2Medium,
        Score news2High,
        Technical technical,
        Workflow workflow,
        Lifecycle lifecycle,
        Discharge discharge) {

    /**
     * A limit on one vital, held for {@code delay} before the alert is raised and cleared once
     * the value is back past the limit by {@code margin}.
     */
    public record Threshold(double limit, Duration delay, double margin) {
    }

    /** Limits on NIBP readings: raised after {@code readings} consecutive readings past them. */
    public record Cuff(double sbp, double dbp, int readings, double margin) {
    }

    /** A change of {@code change} within {@code window}; cleared when it is back under change - margin. */
    public record Trend(double change, Duration window, double margin) {
    }

    /** A fall below the baseline by {@code fraction}, held for {@code delay}. */
    public record RateFall(double fraction, Duration delay, double margin) {
    }

    /** No breath detected while capnography is on ({@code noBreath}), or a rate of zero ({@code zeroRate}). */
    public record Apnea(Duration noBreath, Duration zeroRate) {
    }

    /** A NEWS2 aggregate (or single-parameter score) held for {@code delay}. */
    public record Score(int aggregate, int singleParameter, Duration delay) {
    }

    /** Silence of the monitor ({@code signalLoss}, escalated after {@code escalation}) or of one vital. */
    public record Technical(Duration signalLoss, Duration escalation, Duration sensorStale) {
    }

    /** Checks of the dosing workflow; {@code predoseSbp}/{@code predoseDbp} gate the dose. */
    public record Workflow(Duration nibpOverdue, Duration bpCheckFrom, Duration bpCheckTo,
                           double predoseSbp, double predoseDbp) {
    }

    /**
     * How alerts behave: a cleared condition must stay clear for {@code clearAfter}; UPDATED
     * events come at most every {@code updateInterval}, and only once the worst value has moved
     * by its vital's {@code updateSteps}; NEWS2 scores each parameter on its median over
     * {@code smoothing}.
     */
    public record Lifecycle(Duration clearAfter, Duration updateInterval, UpdateSteps updateSteps, Duration smoothing) {
    }

    /**
     * The smallest change of an alert's worst value worth an UPDATED, per vital: below it the
     * change is within the device's own accuracy and only lengthens the audit trail.
     * {@code score} is for alerts on the NEWS2 score, which have no vital.
     */
    public record UpdateSteps(double hr, double spo2, double rr, double etco2, double bp, double score) {

        public double of(Vital vital) {
            if (vital == null) {
                return score;
            }
            return switch (vital) {
                case HR -> hr;
                case SPO2 -> spo2;
                case RR -> rr;
                case ETCO2 -> etco2;
                case SBP, DBP, MAP -> bp;
            };
        }
    }

    /**
     * When a patient is discharge-ready: the drug's minimum observation after the dose, then
     * HR, SBP and DBP within {@code baselineFraction} of baseline, RR and SpO2 in their normal
     * NEWS2 bands and no active alert, over the last {@code stableFor}; and, recorded by a nurse,
     * the newest MOAA/S at least {@code moaas}, the newest modified Aldrete at least
     * {@code aldrete}, sedation, dissociation and respiratory depression resolved.
     */
    public record Discharge(Duration ketamineObservation, Duration esketamineObservation, Duration stableFor,
                            double baselineFraction, int moaas, int aldrete) {

        public Duration observation(Drug drug) {
            return drug == Drug.ESKETAMINE ? esketamineObservation : ketamineObservation;
        }
    }
}
