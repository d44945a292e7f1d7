package org.dosewatch.monitor;

/** IEC 60601-1-8 alarm priorities. HIGH alerts latch until acknowledged. */
public enum Priority {
    HIGH, MEDIUM, LOW
}
