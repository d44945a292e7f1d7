package org.dosewatch.session;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes sure that every session a monitor sends for exists, so vitals are never ignored: the
 * first reading of an unknown session id opens it with {@code registered: false} and the
 * default profile. The hot path only checks an in-memory set; the insert runs beside it, once
 * per session and instance, and is retried while the database is away.
 */
@ApplicationScoped
public class SessionDirectory {

    private static final String OPEN_UNREGISTERED = """
            INSERT INTO dosing_session (id, registered, profile, created_at, version)
            VALUES ($1, false, $2, $3, 0)
            ON CONFLICT (id) DO NOTHING""";

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Pool database;
    private final SessionSettings settings;
    private final Clock clock;

    public SessionDirectory(Pool database, SessionSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /** Called for every accepted reading; costs a set lookup once the session is known. */
    public void seen(String sessionId) {
        if (known.add(sessionId)) {
            database.preparedQuery(OPEN_UNREGISTERED)
                    .execute(Tuple.of(sessionId, settings.defaultProfile(), clock.instant().atOffset(ZoneOffset.UTC)))
                    .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(20)
                    .subscribe().with(
                            rows -> {
                                if (rows.rowCount() > 0) {
                                    Log.infof("Session %s opened by its first reading (not registered)", sessionId);
                                }
                            },
                            failure -> {
                                // Forget it, so the next reading of this session tries again.
                                known.remove(sessionId);
                                Log.errorf("Session %s could not be opened in the database: %s", sessionId, failure.getMessage());
                            });
        }
    }
}
