package org.dosewatch.monitor;

public enum AlertKind {
    PHYSIOLOGICAL, TREND, SCORE, TECHNICAL, WORKFLOW
}
