package org.dosewatch.simulator;

/**
 * The drug, with the potency of its effect on heart rate and blood pressure relative to racemic
 * ketamine. Esketamine (the S-enantiomer) is about twice as potent at NMDA receptors, but its
 * blood-pressure rise after a 56-84 mg nasal dose is modest (label: about +8 mmHg on average,
 * peaking near 40 minutes); 1.2 reproduces that with the nasal route's 48 % bioavailability.
 */
public enum Drug {
    KETAMINE(1.0), ESKETAMINE(1.2);

    final double potency;

    Drug(double potency) {
        this.potency = potency;
    }
}
