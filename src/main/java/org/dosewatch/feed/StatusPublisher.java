package org.dosewatch.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Phase;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.SessionSnapshot;
import org.dosewatch.reading.LatestVitals;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.session.DischargeView;
import org.dosewatch.session.SessionView;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Once a second, the status of every session this instance has new frames for goes to
 * {@code vitals.status}: at most one per session per second, and only when something changed.
 * When a session ends, its final status says so and the instance lets the session go.
 *
 * A second's statuses go out together ({@link StatusProducer}).
 */
@ApplicationScoped
public class StatusPublisher {

    private final LatestVitals latest;
    private final RuleEngine rules;
    private final StatusProducer producer;
    private final Clock clock;
    /** What was last published per session: the newest frame's time, the phase, the open alerts. */
    private final Map<String, Version> published = new ConcurrentHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    public StatusPublisher(LatestVitals latest, RuleEngine rules, StatusProducer producer, Clock clock) {
        this.latest = latest;
        this.rules = rules;
        this.producer = producer;
        this.clock = clock;
    }

    @Scheduled(every = "1s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishChanged() {
        Instant now = clock.instant();
        List<Change> changed = new ArrayList<>();
        latest.all().forEach((sessionId, snapshot) -> {
            SessionSnapshot monitor = rules.snapshot(sessionId).orElse(null);
            // Compared before anything is built: most sessions have not changed since the last second.
            Version version = new Version(snapshot.ts(), phase(monitor), openAlerts(monitor));
            if (!version.equals(published.get(sessionId))) {
                changed.add(new Change(status(sessionId, snapshot, monitor, now), version));
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        producer.sendAll(changed, Change::status, this::sent);
    }

    private void sent(Change change, Exception error) {
        if (error == null) {
            published(change);
            if (failing.compareAndSet(true, false)) {
                Log.info("Session statuses are being published again");
            }
        } else if (failing.compareAndSet(false, true)) {
            // Not remembered as published, so the next second sends it again.
            Log.warnf("Session status not published, the next seconds will try again: %s", error.getMessage());
        }
    }

    /**
     * Remembers what went out. An ended session's last status (phase ENDED, which takes its tile
     * off every dashboard) is its last: this instance then forgets the session.
     */
    private void published(Change change) {
        SessionStatus status = change.status();
        if (status.phase() == Phase.ENDED) {
            published.remove(status.sessionId());
            latest.forget(status.sessionId());
            rules.forget(status.sessionId());
        } else {
            published.put(status.sessionId(), change.version());
        }
    }

    /** A status to send, and what it was compared by. */
    private record Change(SessionStatus status, Version version) {
    }

    /** What tells one status of a session from the next. */
    private record Version(Instant newestFrame, Phase phase, int openAlerts) {
    }

    private static Phase phase(SessionSnapshot monitor) {
        return monitor == null ? Phase.PRE_DOSE : monitor.phase();
    }

    private static int openAlerts(SessionSnapshot monitor) {
        return monitor == null ? 0 : monitor.openAlerts();
    }

    private static SessionStatus status(String sessionId, LatestVitals.Snapshot snapshot, SessionSnapshot monitor,
                                        Instant now) {
        SessionFacts.Label label = monitor == null ? SessionFacts.Label.NONE : monitor.label();
        return new SessionStatus(sessionId, phase(monitor), SessionView.latest(snapshot),
                monitor == null ? null : SessionView.News2View.of(monitor.news2(), monitor.recorded()), openAlerts(monitor),
                Math.max(0, Duration.between(snapshot.ts(), now).toMillis() / 1000.0), now, label.room(),
                label.patientRef(), label.unit(), monitor == null ? null : DischargeView.of(monitor.discharge(), monitor.openAlerts()));
    }
}
