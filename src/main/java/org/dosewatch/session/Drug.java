package org.dosewatch.session;

public enum Drug {
    KETAMINE, ESKETAMINE
}
