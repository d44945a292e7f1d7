package org.dosewatch.history;

import io.smallrye.mutiny.Uni;

/**
 * A part of a session's record that is kept in memory before it is written (the vitals
 * summaries, each NIBP reading, the archived frames). Ending a session settles every part, so
 * the end is answered once the record, its exports and its forms hold every frame evaluated
 * before it.
 */
public interface RecordPart {

    /** Completes once what this instance kept of the session is written; frames after the end are left out. */
    Uni<Void> settle(String sessionId);
}
