package org.dosewatch.session;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Reading;
import org.dosewatch.rules.FrameListener;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes sure that every session a monitor sends for exists, so vitals are never ignored: the
 * first reading of an unknown session id opens it with {@code registered: false} and the
 * default profile. The hot path only checks an in-memory set and queues the id; the sessions
 * that came in the same tenth of a second are opened by one insert beside it, so a ward of new
 * monitors arriving at once costs the database a few statements, not one each (and the alerts
 * waiting for the database are not queued behind thousands of them). Retried while the
 * database is away.
 */
@ApplicationScoped
public class SessionDirectory implements FrameListener {

    private static final String OPEN_UNREGISTERED = """
            INSERT INTO dosing_session (id, registered, profile, created_at, version)
            SELECT id, false, $2, $3, 0 FROM unnest($1::text[]) AS id
            ON CONFLICT (id) DO NOTHING""";
    /** How long new sessions gather before one insert opens them. */
    private static final long GATHER_MILLIS = 100;
    /** The most sessions one insert opens. */
    private static final int BATCH = 1000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Queue<String> opening = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Pool database;
    private final Vertx vertx;
    private final SessionSettings settings;
    private final Clock clock;

    public SessionDirectory(Pool database, Vertx vertx, SessionSettings settings, Clock clock) {
        this.database = database;
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void admitted(Reading reading, long receivedMillis) {
        seen(reading.sessionId());
    }

    /** Called for every accepted reading; costs a set lookup once the session is known. */
    public void seen(String sessionId) {
        if (known.add(sessionId)) {
            opening.add(sessionId);
            if (scheduled.compareAndSet(false, true)) {
                vertx.setTimer(GATHER_MILLIS, timer -> open());
            }
        }
    }

    /** Opens the sessions gathered so far, a batch at a time, then looks again for more. */
    private void open() {
        List<String> batch = new ArrayList<>();
        String id;
        while (batch.size() < BATCH && (id = opening.poll()) != null) {
            batch.add(id);
        }
        if (batch.isEmpty()) {
            scheduled.set(false);
            if (!opening.isEmpty() && scheduled.compareAndSet(false, true)) {
                vertx.setTimer(GATHER_MILLIS, timer -> open());
            }
            return;
        }
        database.preparedQuery(OPEN_UNREGISTERED)
                .execute(Tuple.of(batch.toArray(String[]::new), settings.defaultProfile(), clock.instant().atOffset(ZoneOffset.UTC)))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(20)
                .subscribe().with(
                        rows -> {
                            if (rows.rowCount() > 0) {
                                Log.infof("%d session%s opened by their first reading (not registered)%s", rows.rowCount(),
                                        rows.rowCount() == 1 ? "" : "s", batch.size() == 1 ? ": " + batch.get(0) : "");
                            }
                            open();
                        },
                        failure -> {
                            // Forget them, so the next reading of each session tries again.
                            batch.forEach(known::remove);
                            Log.errorf("%d sessions could not be opened in the database: %s", batch.size(), failure.getMessage());
                            open();
                        });
    }
}
