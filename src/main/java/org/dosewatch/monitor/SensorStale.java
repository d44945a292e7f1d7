package org.dosewatch.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SENSOR_STALE: frames keep coming, but HR, SpO2 or RR has been missing from them for the
 * profile's time after it was present (a probe off the finger, a sensor unplugged).
 */
final class SensorStale implements Rule {

    private static final Vital[] WATCHED = {Vital.HR, Vital.SPO2, Vital.RR};

    private final long staleMillis;

    SensorStale(RuleProfile.Technical technical) {
        this.staleMillis = technical.sensorStale().toMillis();
    }

    @Override
    public void evaluate(SessionMonitor session, Alerts alerts) {
        long ts = session.now();
        boolean anyStale = false;
        for (Vital vital : WATCHED) {
            long seen = session.vitals().lastSeen(vital);
            anyStale |= seen != Long.MIN_VALUE && ts - seen >= staleMillis;
        }
        if (anyStale && !alerts.isOpen(RuleId.SENSOR_STALE)) {
            List<String> stale = new ArrayList<>();
            for (Vital vital : WATCHED) {
                long seen = session.vitals().lastSeen(vital);
                if (seen != Long.MIN_VALUE && ts - seen >= staleMillis) {
                    stale.add(Format.name(vital));
                }
            }
            alerts.raise(RuleId.SENSOR_STALE, ts, ts, null, staleMillis / 1000.0, staleMillis / 1000.0, false,
                    v -> "No " + String.join(", ", stale) + " in the monitor's frames for " + staleMillis / 1000 + " s",
                    Map.of("missing", stale));
        } else if (!anyStale) {
            alerts.clear(RuleId.SENSOR_STALE, ts, "All watched vitals present again");
        }
    }
}
