package org.dosewatch.simulator;

/**
 * How the dose is given, with its absorption: bioavailability {@code f} and first-order
 * absorption rate {@code ka} (per minute) from a depot; IV goes straight into the blood.
 * Typical values from ketamine and esketamine pharmacokinetic studies.
 */
public enum Route {
    IV(1.0, 0),
    IM(0.93, 0.10),
    INTRANASAL(0.48, 0.035),
    SUBLINGUAL(0.30, 0.08),
    ORAL(0.20, 0.05);

    final double bioavailability;
    final double absorptionPerMinute;

    Route(double bioavailability, double absorptionPerMinute) {
        this.bioavailability = bioavailability;
        this.absorptionPerMinute = absorptionPerMinute;
    }
}
