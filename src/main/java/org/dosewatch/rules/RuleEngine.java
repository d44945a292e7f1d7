package org.dosewatch.rules;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.SessionMonitor;
import org.dosewatch.monitor.SessionSnapshot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The sessions this instance evaluates, as the rest of the service sees them: the newest
 * {@link SessionSnapshot} of each, which the session view and the status publisher read. The
 * monitors themselves belong to the {@link SessionEvaluator} of the stream task that owns the
 * session's partition, and only its thread touches them: it publishes a snapshot here after each
 * frame, tick or record change that changed the session, registers its sessions when it starts
 * and withdraws them when its partition moves to another instance.
 */
@ApplicationScoped
public class RuleEngine {

    private final Map<String, SessionMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, SessionSnapshot> snapshots = new ConcurrentHashMap<>();
    /** The newest tick of the clock any stream task of this instance took (wall-clock millis). */
    private final AtomicLong newestTick = new AtomicLong(Long.MIN_VALUE);
    /** When a stream task of this instance last took a tick, on this instance's clock. */
    private final AtomicLong tickTakenAt = new AtomicLong(Long.MIN_VALUE);
    /** Stream tasks evaluating here now. */
    private final java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();

    public RuleEngine(MeterRegistry registry) {
        Gauge.builder("dosewatch.sessions.monitored", monitors, Map::size)
                .description("Sessions whose rules this instance evaluates").register(registry);
        Gauge.builder("dosewatch.clock.tick.age", newestTick,
                        tick -> tick.get() == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - tick.get()) / 1000.0)
                .baseUnit("seconds")
                .description("How old the newest tick of dosewatch.clock is that the rule evaluation took: up to a second "
                        + "or two while silence is judged on time, more while evaluation lags or the broker is away")
                .register(registry);
    }

    /** A stream task took a tick of the clock. */
    void ticked(long at) {
        newestTick.accumulateAndGet(at, Math::max);
        tickTakenAt.set(System.currentTimeMillis());
    }

    void taskStarted() {
        tasks.incrementAndGet();
    }

    void taskClosed() {
        tasks.decrementAndGet();
    }

    /** Stream tasks evaluating sessions on this instance now. */
    int tasks() {
        return tasks.get();
    }

    /** Milliseconds since a stream task of this instance last took a tick; MAX_VALUE before the first. */
    long sinceTickTaken() {
        long at = tickTakenAt.get();
        return at == Long.MIN_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() - at;
    }

    /** The newest tick taken, or empty before the first. */
    public java.util.OptionalLong newestTick() {
        long tick = newestTick.get();
        return tick == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(tick);
    }

    /** A stream task evaluates the session from now on; {@code snapshot} is how it found it. */
    void register(String sessionId, SessionMonitor monitor, SessionSnapshot snapshot) {
        monitors.put(sessionId, monitor);
        snapshots.put(sessionId, snapshot);
    }

    /** The evaluating thread changed the session: this is how it is now. */
    void publish(String sessionId, SessionMonitor monitor, SessionSnapshot snapshot) {
        if (monitors.get(sessionId) == monitor) {
            snapshots.put(sessionId, snapshot);
        }
    }

    void withdraw(String sessionId, SessionMonitor monitor) {
        if (monitors.remove(sessionId, monitor)) {
            snapshots.remove(sessionId);
        }
    }

    /** The newest snapshot of a session this instance evaluates; empty where another instance does. */
    public Optional<SessionSnapshot> snapshot(String sessionId) {
        return Optional.ofNullable(snapshots.get(sessionId));
    }

    /** The session has ended and said so on every dashboard: nothing here needs it any more. */
    public void forget(String sessionId) {
        monitors.remove(sessionId);
        snapshots.remove(sessionId);
    }
}
