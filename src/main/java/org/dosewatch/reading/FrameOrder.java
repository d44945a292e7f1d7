package org.dosewatch.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells, per device of one session, whether a frame is new, a duplicate (its {@code seq} was already seen) or
 * out of order (older than the newest frame of that device). Only new frames reach the rules.
 *
 * <p>Each device keeps its newest {@code seq} and a 64-frame window of the sequence numbers
 * seen just below it, so a frame resent by a monitor or replayed by Kafka after a crash is
 * recognised without keeping every number. A monitor that restarts counts again from a low
 * {@code seq} with a newer timestamp: that is accepted as a new run, not dropped as old.
 *
 * <p>A frame with a newer {@code seq} but an older timestamp is the monitor's clock being set
 * back. A step back of at most the clock margin (a clock corrected) is believed, and so is any
 * step back to the timeline the device kept before its newest frame (that frame was the clock's
 * glitch): the frame is evaluated and the device's order restarts from it. A larger step back
 * from a timeline that held is not believed: such frames stay out of order, and the silence
 * they leave is SIGNAL_LOSS for the nurse. Frames dated ahead of the receiving clock never get
 * here: the decoder refuses them.
 */
public final class FrameOrder {

    public enum Verdict {
        NEW, DUPLICATE, OUT_OF_ORDER, RESTARTED, CLOCK_STEPPED_BACK;

        public boolean admitted() {
            return this == NEW || this == RESTARTED || this == CLOCK_STEPPED_BACK;
        }
    }

    private static final int WINDOW = Long.SIZE;

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final long stepMillis;

    /** @param margin how far back a monitor's clock may be set and still be believed */
    public FrameOrder(Duration margin) {
        this.stepMillis = margin.toMillis();
    }

    public FrameOrder() {
        this(Duration.ofSeconds(60));
    }

    public Verdict admit(Reading reading) {
        Device device = devices.get(reading.deviceId());
        if (device == null) {
            devices.put(reading.deviceId(), new Device(reading.seq(), reading.ts()));
            return Verdict.NEW;
        }
        return device.admit(reading.seq(), reading.ts(), stepMillis);
    }

    /** Writes every device's place in its sequence, for the session's saved state. */
    public void save(org.dosewatch.monitor.StateOut out) {
        out.writeInt(devices.size());
        devices.forEach((deviceId, device) -> {
            synchronized (device) {
                out.writeString(deviceId);
                out.writeLong(device.newestSeq);
                out.writeLong(device.newestTs.toEpochMilli());
                out.writeTime(device.previousTs == null ? Long.MIN_VALUE : device.previousTs.toEpochMilli(), 0);
                out.writeLong(device.seen);
            }
        });
    }

    /** Takes back what {@link #save} wrote. */
    public void restore(org.dosewatch.monitor.StateIn in) {
        devices.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String deviceId = in.readString();
            Device device = new Device(in.readLong(), Instant.ofEpochMilli(in.readLong()));
            long previous = in.readTime(0);
            device.previousTs = previous == Long.MIN_VALUE ? null : Instant.ofEpochMilli(previous);
            device.seen = in.readLong();
            devices.put(deviceId, device);
        }
    }

    /** Forgets a device, for example when its session ends. */
    public void forget(String deviceId) {
        devices.remove(deviceId);
    }

    private static final class Device {
        private long newestSeq;
        private Instant newestTs;
        /** The device's timeline before its newest frame; null right after a (re)start. */
        private Instant previousTs;
        /** Bit i set: frame {@code newestSeq - i} was seen. */
        private long seen;

        Device(long seq, Instant ts) {
            restart(seq, ts);
        }

        synchronized Verdict admit(long seq, Instant ts, long stepMillis) {
            if (seq < newestSeq && ts.isAfter(newestTs)) {
                restart(seq, ts);
                return Verdict.RESTARTED;
            }
            if (seq > newestSeq) {
                if (ts.isBefore(newestTs)) {
                    boolean corrected = newestTs.toEpochMilli() - ts.toEpochMilli() <= stepMillis;
                    boolean newestWasAGlitch = previousTs != null && !ts.isBefore(previousTs);
                    if (!corrected && !newestWasAGlitch) {
                        return Verdict.OUT_OF_ORDER;
                    }
                    restart(seq, ts);
                    return Verdict.CLOCK_STEPPED_BACK;
                }
                long shift = seq - newestSeq;
                seen = shift >= WINDOW ? 1L : (seen << shift) | 1L;
                newestSeq = seq;
                previousTs = newestTs;
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
            previousTs = null;
            seen = 1L;
        }
    }
}
