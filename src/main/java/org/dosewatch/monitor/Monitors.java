package org.dosewatch.monitor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.dosewatch.reading.Reading;

/**
 * The session monitors of this instance, one per session id, created on a session's first
 * frame. Frames and clock ticks of one session never run at the same time: each monitor is
 * evaluated under its own lock, which is uncontended in the usual case of one consumer thread.
 */
public final class Monitors {

    private final Map<String, SessionMonitor> bySession = new ConcurrentHashMap<>();
    private final Function<String, RuleProfile> profiles;

    /** @param profiles the rule profile of a session, by session id */
    public Monitors(Function<String, RuleProfile> profiles) {
        this.profiles = profiles;
    }

    public void onReading(Reading reading, long wallMillis, TransitionSink sink) {
        SessionMonitor monitor = bySession.computeIfAbsent(reading.sessionId(), id -> new SessionMonitor(id, profiles.apply(id)));
        synchronized (monitor) {
            monitor.onReading(reading, wallMillis, sink);
        }
    }

    public void onTick(long wallMillis, TransitionSink sink) {
        for (SessionMonitor monitor : bySession.values()) {
            synchronized (monitor) {
                monitor.onTick(wallMillis, sink);
            }
        }
    }

    /** Tells a session's monitor what the clinicians recorded; creates it if frames have not come yet. */
    public void onSession(String sessionId, SessionFacts facts, TransitionSink sink) {
        SessionMonitor monitor = bySession.computeIfAbsent(sessionId, id -> new SessionMonitor(id, profiles.apply(id)));
        synchronized (monitor) {
            monitor.session(facts, sink);
        }
    }

    public Optional<SessionMonitor> of(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    /** Forgets a session, for example some time after it ended. */
    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }

    public int size() {
        return bySession.size();
    }
}
