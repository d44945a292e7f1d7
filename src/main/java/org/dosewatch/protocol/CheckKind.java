package org.dosewatch.protocol;

/** What does a check: an NIBP reading of the monitor, or a nurse observation with the score. */
public enum CheckKind {
    NIBP, MOAAS, ALDRETE, OBSERVATION
}
