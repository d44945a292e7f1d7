package org.dosewatch.rules;

import org.dosewatch.monitor.Reading;

/**
 * Hears of every frame the rules evaluated, on the stream thread that evaluated it: the session
 * directory, the vitals history and the frame archive. It must only queue or note, never wait.
 */
public interface FrameListener {

    /** The rules evaluated this frame, received at {@code receivedMillis} of the wall clock. */
    void admitted(Reading reading, long receivedMillis);

    /** The session ended: what was kept of it is finished, and its later frames are not part of its record. */
    default void ended(String sessionId) {
    }
}
