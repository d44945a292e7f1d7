package org.dosewatch.simulator;

import java.util.List;

/** The vitals a frame carries, by their names in docs/contract.md. */
final class Vitals {

    static final List<String> NAMES = List.of("hr", "spo2", "rr", "etco2", "sbp", "dbp");

    private Vitals() {
    }
}
