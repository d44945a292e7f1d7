package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The newest value of each vital per session, as this instance has seen them. A vital keeps
 * its last value when a frame does not carry it (NIBP comes every few minutes), with the
 * device time of the newest frame and of the newest cuff cycle.
 */
@ApplicationScoped
public class LatestVitals {

    /** Values are {@link Reading#ABSENT} until first measured. */
    public record Snapshot(double hr, double spo2, double rr, double etco2, double sbp, double dbp, double map,
                           Instant ts, Instant bpTs) {

        static Snapshot of(Reading r) {
            return new Snapshot(r.hr(), r.spo2(), r.rr(), r.etco2(), r.sbp(), r.dbp(), r.map(), r.ts(),
                    r.hasBloodPressure() ? r.ts() : null);
        }

        Snapshot with(Reading r) {
            return new Snapshot(pick(r.hr(), hr), pick(r.spo2(), spo2), pick(r.rr(), rr), pick(r.etco2(), etco2),
                    pick(r.sbp(), sbp), pick(r.dbp(), dbp), pick(r.map(), map), r.ts(),
                    r.hasBloodPressure() ? r.ts() : bpTs);
        }

        private static double pick(double fresh, double previous) {
            return Reading.present(fresh) ? fresh : previous;
        }
    }

    private final Map<String, Snapshot> bySession = new ConcurrentHashMap<>();

    public void update(Reading reading) {
        bySession.compute(reading.sessionId(), (id, old) -> old == null ? Snapshot.of(reading) : old.with(reading));
    }

    /** Every session this instance has frames for, with its newest values. */
    public Map<String, Snapshot> all() {
        return java.util.Collections.unmodifiableMap(bySession);
    }

    /** Forgets an ended session; a frame that still comes for it starts again. */
    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }

    public Optional<Snapshot> of(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }
}
