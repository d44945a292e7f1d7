package org.dosewatch.session;

/**
 * The NEWS2 ACVPU scale (Royal College of Physicians, 2017): Alert; new Confusion; responds to
 * Voice; responds to Pain; Unresponsive. Anything but A scores 3.
 */
public enum Consciousness {
    A, C, V, P, U;

    public boolean newConfusion() {
        return this != A;
    }
}
