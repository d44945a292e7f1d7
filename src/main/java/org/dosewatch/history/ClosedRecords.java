package org.dosewatch.history;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions whose record is closed on this instance (they ended), with the wall time each was:
 * frames that come after the end are not part of the record, from a monitor left running beside
 * an empty bed. Forgotten after {@link #KEPT}, by when no late frame of them comes.
 */
public final class ClosedRecords {

    /** How long an ended session's later frames are kept out of its record. */
    public static final Duration KEPT = Duration.ofHours(12);

    private final Map<String, Long> closed = new ConcurrentHashMap<>();

    public void close(String sessionId) {
        closed.putIfAbsent(sessionId, System.currentTimeMillis());
    }

    public boolean isClosed(String sessionId) {
        return closed.containsKey(sessionId);
    }

    /** Forgets the sessions closed longer ago than {@link #KEPT}. */
    public void forgetOld() {
        long before = System.currentTimeMillis() - KEPT.toMillis();
        closed.values().removeIf(at -> at < before);
    }
}
