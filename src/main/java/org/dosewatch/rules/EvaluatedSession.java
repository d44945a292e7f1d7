package org.dosewatch.rules;

import java.util.Arrays;

import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.StateOut;
import org.dosewatch.reading.FrameOrder;

/**
 * A session as a stream task holds it: its monitor, its devices' frame order, the record it was
 * last told of. Touched by that task's thread only.
 */
final class EvaluatedSession {

    final SessionMonitor monitor;
    final FrameOrder frames;
    byte[] factsRecord;
    /** The record's fingerprint, saved with the state so a reader can tell whether the record changed. */
    int factsHash;
    long endedSeenAt = Long.MIN_VALUE;

    EvaluatedSession(SessionMonitor monitor, FrameOrder frames, byte[] factsRecord) {
        this.monitor = monitor;
        this.frames = frames;
        told(factsRecord);
    }

    void told(byte[] record) {
        factsRecord = record;
        factsHash = fingerprint(record);
    }

    static int fingerprint(byte[] record) {
        return record == null ? 0 : Arrays.hashCode(record);
    }

    /**
     * The session's saved state, written through {@code buffer} (one buffer for every state a task
     * saves): the record's fingerprint, the frame order, the monitor.
     */
    byte[] state(StateOut buffer) {
        buffer.reset();
        buffer.writeInt(factsHash);
        frames.save(buffer);
        monitor.save(buffer);
        return buffer.toByteArray();
    }
}
