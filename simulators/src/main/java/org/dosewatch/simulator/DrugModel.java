package org.dosewatch.simulator;

/**
 * A two-compartment pharmacokinetic model with an absorption depot and an effect site, and
 * sigmoid (Hill) effects on the vitals as fractions of the patient's baseline.
 *
 * <p>Ketamine per 70 kg: clearance 79 L/h and volume at steady state 252 L (published
 * meta-analysis), split into a central 60 L and a peripheral 192 L with an intercompartmental
 * clearance of 150 L/h; all scale with weight. The effect site follows the plasma with a rate
 * constant of 2.5 per minute. Calibrated so that 0.5 mg/kg IV over 40 minutes gives SBP +10-20 %
 * and HR +5-15 % at the peak, 30-40 minutes after the start, and is back within 10 % of baseline
 * by about 90 minutes. Stepped with a fixed step; no allocation.
 */
public final class DrugModel {

    static final double CLEARANCE_L_PER_MIN_70KG = 79.0 / 60;
    static final double CENTRAL_L_70KG = 60;
    static final double PERIPHERAL_L_70KG = 192;
    static final double INTERCOMPARTMENTAL_L_PER_MIN_70KG = 150.0 / 60;
    static final double EFFECT_SITE_PER_MIN = 2.5;

    /** Largest effect, as a fraction of baseline, and the concentration (mg/L) of half of it. */
    static final double SBP_MAX = 0.25;
    static final double DBP_MAX = 0.20;
    static final double HR_MAX = 0.13;
    /** Sub-anaesthetic ketamine barely slows breathing; depression is a scenario event, not the rule. */
    static final double RR_MAX = -0.03;
    static final double EC50_MG_PER_L = 0.15;
    static final double HILL = 2.0;

    private final double k10;
    private final double k12;
    private final double k21;
    private final double central;
    private final double ec50;
    private final Route route;
    private double depot;
    private double amountCentral;
    private double amountPeripheral;
    private double effectSite;
    private double infusionMgPerMin;
    private double infusionLeftMin;

    /**
     * @param sensitivity scales the patient's response (1 = typical; lower EC50 = more sensitive)
     * @param clearance   scales the patient's clearance (1 = typical)
     */
    public DrugModel(Drug drug, Route route, double weightKg, double sensitivity, double clearance) {
        double scale = weightKg / 70;
        this.central = CENTRAL_L_70KG * scale;
        this.k10 = CLEARANCE_L_PER_MIN_70KG * scale * clearance / central;
        this.k12 = INTERCOMPARTMENTAL_L_PER_MIN_70KG * scale / central;
        this.k21 = INTERCOMPARTMENTAL_L_PER_MIN_70KG * scale / (PERIPHERAL_L_70KG * scale);
        this.ec50 = EC50_MG_PER_L / drug.potency / sensitivity;
        this.route = route;
    }

    /** Gives {@code mg}: IV as an infusion over {@code minutes}, other routes into their depot at once. */
    public void dose(double mg, double minutes) {
        if (route == Route.IV && minutes > 0) {
            infusionMgPerMin = mg / minutes;
            infusionLeftMin = minutes;
        } else if (route == Route.IV) {
            amountCentral += mg;
        } else {
            depot += mg * route.bioavailability;
        }
    }

    /** Advances the model by {@code minutes}. */
    public void step(double minutes) {
        double infused = 0;
        if (infusionLeftMin > 0) {
            double during = Math.min(minutes, infusionLeftMin);
            infused = infusionMgPerMin * during;
            infusionLeftMin -= during;
        }
        double absorbed = depot * route.absorptionPerMinute * minutes;
        double toPeripheral = amountCentral * k12 * minutes;
        double back = amountPeripheral * k21 * minutes;
        double eliminated = amountCentral * k10 * minutes;
        depot -= absorbed;
        amountCentral += infused + absorbed - toPeripheral + back - eliminated;
        amountPeripheral += toPeripheral - back;
        effectSite += (plasma() - effectSite) * Math.min(1, EFFECT_SITE_PER_MIN * minutes);
    }

    /** Plasma concentration, mg/L. */
    public double plasma() {
        return amountCentral / central;
    }

    /** Effect-site concentration, mg/L. */
    public double effectSite() {
        return effectSite;
    }

    /** The fraction of the largest effect the effect site gives now, 0 to 1. */
    public double response() {
        double c = Math.pow(effectSite, HILL);
        return c / (Math.pow(ec50, HILL) + c);
    }

    public double sbpFactor() {
        return 1 + SBP_MAX * response();
    }

    public double dbpFactor() {
        return 1 + DBP_MAX * response();
    }

    public double hrFactor() {
        return 1 + HR_MAX * response();
    }

    public double rrFactor() {
        return 1 + RR_MAX * response();
    }
}
