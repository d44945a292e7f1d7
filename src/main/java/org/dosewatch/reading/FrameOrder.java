package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dosewatch.monitor.StateIn;
import org.dosewatch.monitor.StateOut;

/**
 * Decides, per device of one session, which frames the rules evaluate and in what order
 * (docs/clinical-rules.md, device clocks): new frames at once; duplicates (a {@code seq} already
 * seen) and late frames never; a frame dated before the device's newest is held until the
 * frames after it tell what it was.
 *
 * <ul>
 * <li>Its successors return to the device's timeline: it was a glitch, dropped and counted, so
 *     one bad timestamp cannot raise an alarm.</li>
 * <li>The next {@value #CONFIRMING} frames follow it: the device's clock was set back (by hand, or
 *     by time sync). Its timeline is re-based there and the held frames are evaluated, in order:
 *     the rules are never blind for more than those frames.</li>
 * <li>It lands back on the timeline the device kept before its newest frame: that newest frame
 *     was the glitch (dated ahead), and the device goes on from here at once.</li>
 * </ul>
 *
 * <p>Each device keeps its newest {@code seq} and a 64-frame window of the sequence numbers
 * seen just below it, so a frame resent by a monitor or replayed by Kafka after a crash is
 * recognised without keeping every number. A monitor that restarts counts again from a low
 * {@code seq} with a newer timestamp: that is a new run, not a frame from the past. Frames dated
 * ahead of the receiving clock never get here: the decoder refuses them. Held frames are part of
 * the session's saved state, so a takeover decides them as the first owner would have.
 */
public final class FrameOrder {

    /** Frames that must follow a step back, on its timeline, before it is believed. */
    public static final int CONFIRMING = 3;

    public enum Verdict {
        /** Evaluated. */
        NEW,
        /** Evaluated: the monitor restarted its count with a newer frame. */
        RESTARTED,
        /** Evaluated, after the held frames of a step back it confirmed: the device's clock was set back. */
        REBASED,
        /** Dated before the device's newest: held until the next frames tell a glitch from a clock set back. */
        HELD,
        /** Already seen. */
        DUPLICATE,
        /** Older than the device's newest and never seen: too late to evaluate. */
        OUT_OF_ORDER;

        public boolean admitted() {
            return this == NEW || this == RESTARTED || this == REBASED;
        }
    }

    /** What becomes of the frames a call to {@link #admit} decided. */
    public interface Outcome {
        /** The rules take this frame, now. */
        void evaluate(Reading frame);

        /** A held frame was a glitch of its device's clock: never evaluated. */
        default void glitch(Reading frame) {
        }
    }

    private static final int WINDOW = Long.SIZE;
    /** Layout of {@link #save}; the first layout wrote the device count first (never negative). */
    private static final int LAYOUT = 2;

    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    /**
     * Decides {@code reading}: evaluated frames (it, or held ones it confirmed, and then it) go to
     * {@code outcome} in the order the rules must take them.
     */
    public Verdict admit(Reading reading, Outcome outcome) {
        Device device = devices.get(reading.deviceId());
        if (device == null) {
            devices.put(reading.deviceId(), new Device(reading.seq(), reading.ts()));
            outcome.evaluate(reading);
            return Verdict.NEW;
        }
        return device.admit(reading, outcome);
    }

    /** Writes every device's place in its sequence and its held frames, for the session's saved state. */
    public void save(StateOut out) {
        out.writeInt(-LAYOUT);
        out.writeInt(devices.size());
        devices.forEach((deviceId, device) -> {
            synchronized (device) {
                out.writeString(deviceId);
                out.writeLong(device.newestSeq);
                out.writeLong(device.newestTs.toEpochMilli());
                out.writeTime(device.previousTs == null ? Long.MIN_VALUE : device.previousTs.toEpochMilli(), 0);
                out.writeLong(device.seen);
                List<Reading> held = device.held == null ? List.of() : device.held;
                out.writeInt(held.size());
                for (Reading frame : held) {
                    write(out, frame);
                }
            }
        });
    }

    /** Takes back what {@link #save} wrote (or what the layout before held frames wrote). */
    public void restore(StateIn in) {
        devices.clear();
        int first = in.readInt();
        int layout = first < 0 ? -first : 1;
        int count = first < 0 ? in.readInt() : first;
        for (int i = 0; i < count; i++) {
            String deviceId = in.readString();
            Device device = new Device(in.readLong(), Instant.ofEpochMilli(in.readLong()));
            long previous = in.readTime(0);
            device.previousTs = previous == Long.MIN_VALUE ? null : Instant.ofEpochMilli(previous);
            device.seen = in.readLong();
            int held = layout >= 2 ? in.readInt() : 0;
            for (int h = 0; h < held; h++) {
                if (device.held == null) {
                    device.held = new ArrayList<>(CONFIRMING + 1);
                }
                device.held.add(read(in, deviceId));
            }
            devices.put(deviceId, device);
        }
    }

    /** Forgets a device, for example when its session ends. */
    public void forget(String deviceId) {
        devices.remove(deviceId);
    }

    private static void write(StateOut out, Reading frame) {
        out.writeString(frame.sessionId());
        out.writeLong(frame.seq());
        out.writeLong(frame.ts().toEpochMilli());
        for (double value : new double[] {frame.hr(), frame.spo2(), frame.rr(), frame.etco2(), frame.sbp(), frame.dbp(),
                frame.map()}) {
            out.writeValue(value);
        }
    }

    private static Reading read(StateIn in, String deviceId) {
        return new Reading(in.readString(), deviceId, in.readLong(), Instant.ofEpochMilli(in.readLong()), in.readValue(),
                in.readValue(), in.readValue(), in.readValue(), in.readValue(), in.readValue(), in.readValue());
    }

    private static final class Device {
        private long newestSeq;
        private Instant newestTs;
        /** The device's timeline before its newest frame; null right after a (re)start. */
        private Instant previousTs;
        /** Bit i set: frame {@code newestSeq - i} was seen. */
        private long seen;
        /** A step back and the frames that followed it, not yet decided; null when none. */
        private List<Reading> held;

        Device(long seq, Instant ts) {
            restart(seq, ts);
        }

        synchronized Verdict admit(Reading frame, Outcome outcome) {
            long seq = frame.seq();
            Instant ts = frame.ts();
            if (seq < newestSeq && ts.isAfter(newestTs)) {
                dropHeld(outcome);
                restart(seq, ts);
                outcome.evaluate(frame);
                return Verdict.RESTARTED;
            }
            if (seq <= newestSeq) {
                long age = newestSeq - seq;
                return age < WINDOW && (seen & (1L << age)) != 0 ? Verdict.DUPLICATE : Verdict.OUT_OF_ORDER;
            }
            if (held != null) {
                return afterAStepBack(frame, outcome);
            }
            if (ts.isBefore(newestTs)) {
                if (previousTs != null && !ts.isBefore(previousTs)) {
                    // Back on the timeline kept before the newest frame: that one was dated ahead.
                    restart(seq, ts);
                    outcome.evaluate(frame);
                    return Verdict.REBASED;
                }
                hold(frame);
                return Verdict.HELD;
            }
            advance(seq, ts);
            outcome.evaluate(frame);
            return Verdict.NEW;
        }

        private Verdict afterAStepBack(Reading frame, Outcome outcome) {
            Reading last = held.get(held.size() - 1);
            if (frame.seq() <= last.seq()) {
                return held.stream().anyMatch(h -> h.seq() == frame.seq()) ? Verdict.DUPLICATE : Verdict.OUT_OF_ORDER;
            }
            if (!frame.ts().isBefore(newestTs)) {
                // Back on the device's timeline: what was held was a glitch.
                dropHeld(outcome);
                advance(frame.seq(), frame.ts());
                outcome.evaluate(frame);
                return Verdict.NEW;
            }
            if (frame.ts().isBefore(last.ts())) {
                // Further back still: the held frames were not a timeline either; this one may start one.
                dropHeld(outcome);
                hold(frame);
                return Verdict.HELD;
            }
            held.add(frame);
            if (held.size() <= CONFIRMING) {
                return Verdict.HELD;
            }
            List<Reading> confirmed = held;
            held = null;
            restart(confirmed.get(0).seq(), confirmed.get(0).ts());
            for (int i = 1; i < confirmed.size(); i++) {
                advance(confirmed.get(i).seq(), confirmed.get(i).ts());
            }
            confirmed.forEach(outcome::evaluate);
            return Verdict.REBASED;
        }

        private void hold(Reading frame) {
            held = new ArrayList<>(CONFIRMING + 1);
            held.add(frame);
        }

        private void dropHeld(Outcome outcome) {
            if (held != null) {
                held.forEach(outcome::glitch);
                held = null;
            }
        }

        private void advance(long seq, Instant ts) {
            long shift = seq - newestSeq;
            seen = shift >= WINDOW ? 1L : (seen << shift) | 1L;
            newestSeq = seq;
            previousTs = newestTs;
            newestTs = ts;
        }

        private void restart(long seq, Instant ts) {
            newestSeq = seq;
            newestTs = ts;
            previousTs = null;
            seen = 1L;
        }
    }
}
