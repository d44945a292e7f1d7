package org.dosewatch.reading;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells, per device, whether a frame is new, a duplicate (its {@code seq} was already seen) or
 * out of order (older than the newest frame of that device). Only new frames reach the rules.
 *
 * <p>Each device keeps its newest {@code seq} and a 64-frame window of the sequence numbers
 * seen just below it, so a frame resent by a monitor or replayed by Kafka after a crash is
 * recognised without keeping every number. A monitor that restarts counts again from a low
 * {@code seq} with a newer timestamp: that is accepted as a new run, not dropped as old.
 */
@Singleton
public final class FrameOrder {

    public enum Verdict {
        NEW, DUPLICATE, OUT_OF_ORDER, RESTARTED;

        public boolean admitted() {
            return this == NEW || this == RESTARTED;
        }
    }

    private static final int WINDOW = Long.SIZE;

    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    public Verdict admit(Reading reading) {
        Device device = devices.get(reading.deviceId());
        if (device == null) {
            devices.put(reading.deviceId(), new Device(reading.seq(), reading.ts()));
            return Verdict.NEW;
        }
        return device.admit(reading.seq(), reading.ts());
    }

    /** Forgets a device, for example when its session ends. */
    public void forget(String deviceId) {
        devices.remove(deviceId);
    }

    private static final class Device {
        private long newestSeq;
        private Instant newestTs;
        /** Bit i set: frame {@code newestSeq - i} was seen. */
        private long seen;

        Device(long seq, Instant ts) {
            restart(seq, ts);
        }

        synchronized Verdict admit(long seq, Instant ts) {
            if (seq < newestSeq && ts.isAfter(newestTs)) {
                restart(seq, ts);
                return Verdict.RESTARTED;
            }
            if (seq > newestSeq) {
                if (ts.isBefore(newestTs)) {
                    return Verdict.OUT_OF_ORDER;
                }
                long shift = seq - newestSeq;
                seen = shift >= WINDOW ? 1L : (seen << shift) | 1L;
                newestSeq = seq;
                newestTs = ts;
                return Verdict.NEW;
            }
            long age = newestSeq - seq;
            if (age < WINDOW && (seen & (1L << age)) != 0) {
                return Verdict.DUPLICATE;
            }
            return Verdict.OUT_OF_ORDER;
        }

        private void restart(long seq, Instant ts) {
            newestSeq = seq;
            newestTs = ts;
            seen = 1L;
        }
    }
}
