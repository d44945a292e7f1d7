package org.dosewatch.monitor;

public enum Drug {
    KETAMINE, ESKETAMINE
}
