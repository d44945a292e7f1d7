package org.dosewatch.rules;

import java.util.Arrays;

import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.StateIn;
import org.dosewatch.monitor.StateOut;
import org.dosewatch.monitor.TransitionSink;
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
    /** Restored from a state saved before the session's record last changed: the change is still to be saved. */
    boolean recordChangedWhileAway;

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

    /**
     * A session as {@link #state} saved it, for its current {@code record}. A record that changed
     * meanwhile is applied as it would have been live: what that emits (an end clearing the open
     * alerts) goes to {@code sink}.
     *
     * @throws RuntimeException when the bytes are not a state this version can read
     */
    static EvaluatedSession restore(String sessionId, byte[] state, byte[] record, SessionFactsReader reader,
                                    TransitionSink sink) {
        StateIn in = new StateIn(state);
        int savedHash = in.readInt();
        FrameOrder frames = new FrameOrder();
        frames.restore(in);
        SessionFacts known = reader.read(sessionId, record);
        boolean changed = savedHash != fingerprint(record);
        SessionMonitor monitor = SessionMonitor.restore(sessionId, reader.profile(known), known, changed, in, sink);
        EvaluatedSession session = new EvaluatedSession(monitor, frames, record);
        session.recordChangedWhileAway = changed;
        return session;
    }
}
