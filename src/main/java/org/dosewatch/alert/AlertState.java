package org.dosewatch.alert;

public enum AlertState {
    ACTIVE, ACKNOWLEDGED, RESOLVED
}
