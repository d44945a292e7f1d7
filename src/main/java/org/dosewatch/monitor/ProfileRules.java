package org.dosewatch.monitor;

/** The rules a session runs, made from its rule profile (docs/clinical-rules.md has each with its reason). */
final class ProfileRules {

    private ProfileRules() {
    }

    /**
     * How long a continuous vital's value holds without a frame carrying it: SIGNAL_LOSS's time, so
     * a gap in the data is either held across or raised as a technical alarm, never both and never
     * neither (docs/clinical-rules.md, device clocks).
     */
    static long holdMillis(RuleProfile profile) {
        return profile.technical().signalLoss().toMillis();
    }

    /** Every rule of the profile, in the order they run. */
    static Rule[] of(RuleProfile profile) {
        long clear = profile.lifecycle().clearAfter().toMillis();
        long hold = holdMillis(profile);
        return new Rule[] {
            new VitalLimit(RuleId.SPO2_LOW, Vital.SPO2, VitalLimit.Side.BELOW, false, profile.spo2Low(), clear, hold),
            new VitalLimit(RuleId.SPO2_CRITICAL, Vital.SPO2, VitalLimit.Side.BELOW, true, profile.spo2Critical(), clear, hold),
            new VitalLimit(RuleId.RR_LOW, Vital.RR, VitalLimit.Side.BELOW, true, profile.rrLow(), clear, hold),
            new VitalLimit(RuleId.RR_CRITICAL, Vital.RR, VitalLimit.Side.BELOW, true, profile.rrCritical(), clear, hold),
            new VitalLimit(RuleId.RR_HIGH, Vital.RR, VitalLimit.Side.ABOVE, true, profile.rrHigh(), clear, hold),
            new VitalLimit(RuleId.HR_HIGH, Vital.HR, VitalLimit.Side.ABOVE, false, profile.hrHigh(), clear, hold),
            new VitalLimit(RuleId.HR_CRITICAL_HIGH, Vital.HR, VitalLimit.Side.ABOVE, true, profile.hrCriticalHigh(), clear, hold),
            new VitalLimit(RuleId.HR_LOW, Vital.HR, VitalLimit.Side.BELOW, true, profile.hrLow(), clear, hold),
            new VitalLimit(RuleId.HR_CRITICAL_LOW, Vital.HR, VitalLimit.Side.BELOW, true, profile.hrCriticalLow(), clear, hold),
            new Apnea(profile.apnea(), clear, hold),
            new CuffLimit(RuleId.BP_SEVERE, true, false, profile.bpSevere()),
            new CuffLimit(RuleId.BP_EMERGENCY, true, true, profile.bpEmergency()),
            new CuffLimit(RuleId.BP_LOW, false, false, profile.bpLow()),
            new BloodPressureRise(profile.bpRise()),
            new SystolicRisingFast(profile.sbpRisingFast()),
            new SpO2Falling(profile.spo2Falling(), profile.spo2Low().limit(), clear, hold),
            new RespiratoryRateFalling(profile.rrFalling(), clear, hold),
            new News2Alert(RuleId.NEWS2_MEDIUM, profile.news2Medium(), clear, hold),
            new News2Alert(RuleId.NEWS2_HIGH, profile.news2High(), clear, hold),
            new SensorStale(profile.technical()),
            new NibpOverdue(profile.workflow()),
            new BloodPressureCheckMissing(profile.workflow()),
            new PreDoseHypertension(profile.workflow()),
            new SignalLoss(profile.technical()),
            // Last: it reads the alerts the others have just raised or cleared.
            new RespiratoryDepression(profile.rrLow().limit()),
        };
    }
}
