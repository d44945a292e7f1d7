package org.dosewatch.monitor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;


/**
 * The session monitors of this instance, one per session id, created on a session's first
 * frame. Frames and clock ticks of one session never run at the same time: each monitor is
 * evaluated under its own lock, which is uncontended in the usual case of one consumer thread.
 */
public final class Monitors {

    private final Map<String, SessionMonitor> bySession = new ConcurrentHashMap<>();
    private final Map<String, SessionFacts> facts = new ConcurrentHashMap<>();
    private final Function<String, RuleProfile> profiles;

    /** @param profiles the rule profile of a session whose facts name none, by session id */
    public Monitors(Function<String, RuleProfile> profiles) {
        this.profiles = profiles;
    }

    public void onReading(Reading reading, long wallMillis, TransitionSink sink) {
        SessionMonitor monitor = bySession.get(reading.sessionId());
        if (monitor == null) {
            monitor = bySession.computeIfAbsent(reading.sessionId(), this::create);
        }
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

    /**
     * Tells a session's monitor what the clinicians recorded. The facts are kept, so a monitor
     * created later by the session's first frame starts with them.
     */
    public void onSession(String sessionId, SessionFacts updated, TransitionSink sink) {
        facts.put(sessionId, updated);
        SessionMonitor monitor = bySession.get(sessionId);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.reconfigure(profile(sessionId, updated));
                monitor.session(updated, sink);
            }
        }
    }

    private SessionMonitor create(String sessionId) {
        SessionFacts known = facts.get(sessionId);
        SessionMonitor monitor = new SessionMonitor(sessionId, profile(sessionId, known));
        if (known != null) {
            // A new monitor has no open alert to clear, so nothing can be emitted here.
            monitor.session(known, transition -> { });
        }
        return monitor;
    }

    private RuleProfile profile(String sessionId, SessionFacts known) {
        return known != null && known.profile() != null ? known.profile() : profiles.apply(sessionId);
    }

    public Optional<SessionMonitor> of(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    /** Forgets a session's evaluation state; what clinicians recorded about it is kept. */
    public void forget(String sessionId) {
        bySession.remove(sessionId);
    }

    public int size() {
        return bySession.size();
    }
}
