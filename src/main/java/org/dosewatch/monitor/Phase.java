package org.dosewatch.monitor;

/** Where a session is in its dosing timeline (docs/clinical-rules.md, clinical context). */
public enum Phase {
    PRE_DOSE, DOSING, OBSERVATION, DISCHARGE_READY, ENDED
}
