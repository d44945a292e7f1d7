package org.dosewatch.session;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Each change of a session reaches {@code vitals.sessions} through an outbox: the event is a row
 * written in the change's own transaction ({@link #record}), and the publisher sends pending rows
 * in the order they were written, then marks them published. A broker that fails at the moment
 * of a dose therefore delays the rule engine's news of it, never loses it, and the clinician's
 * request still succeeds. One publisher at a time in the whole cluster (a database advisory
 * lock), so a session's events are never sent out of order.
 */
@ApplicationScoped
public class SessionEvents {

    /** The advisory lock of the outbox publisher: any number, the same on every instance. */
    private static final long PUBLISHER_LOCK = 0x5e55_10e5L;
    private static final int BATCH = 500;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private final MutinyEmitter<byte[]> events;
    private final SessionSettings settings;
    private final Pool database;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public SessionEvents(@Channel(Channels.SESSIONS_OUT) MutinyEmitter<byte[]> events, SessionSettings settings, Pool database,
                         ObjectMapper mapper, Clock clock) {
        this.events = events;
        this.settings = settings;
        this.database = database;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Writes the session's event into the outbox; call inside the transaction that changed it. */
    Uni<SessionView> record(SessionView session) {
        SessionOutboxEntry entry = new SessionOutboxEntry();
        entry.sessionId = session.id();
        entry.payload = json(new SessionEvent(session.id(), session.registered(), session.drug(), session.route(),
                session.doseAt(), session.endedAt(), settings.administration(session.route()).toSeconds(),
                session.givenBaseline(), session.ruleOverrides(), session.room(), session.patientRef(), session.unit(),
                session.recorded(), session.recovery()));
        entry.createdAt = clock.instant();
        return Panache.getSession().chain(s -> s.persist(entry)).replaceWith(session);
    }

    /**
     * Publishes what the outbox holds, after a change was committed. A failure is logged: the
     * change is stored, and the sweep sends its event once the broker is back.
     */
    public Uni<Void> publishPending() {
        return drain()
                .onFailure().invoke(e -> Log.warnf("Session events not published yet (%s); the sweep will send them",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${dosewatch.sessions.outbox-sweep:PT1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "2s")
    Uni<Void> sweep() {
        return publishPending();
    }

    /** Sends pending rows until none is left; a drain asked for while one runs makes it go round again. */
    private Uni<Void> drain() {
        again.set(true);
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
                    again.set(false);
                    return batch();
                })
                .repeat().until(sent -> sent == 0 && !again.get())
                .collect().last()
                .eventually(() -> draining.set(false))
                .replaceWithVoid();
    }

    /** One batch in one transaction, under the cluster-wide lock; answers how many were sent. */
    private Uni<Integer> batch() {
        return database.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(PUBLISHER_LOCK))
                .chain(lock -> {
                    if (!lock.iterator().next().getBoolean("locked")) {
                        return Uni.createFrom().item(List.<Row>of());
                    }
                    return connection.preparedQuery("SELECT id, session_id, payload FROM session_outbox "
                                    + "WHERE published_at IS NULL ORDER BY id LIMIT $1")
                            .execute(Tuple.of(BATCH))
                            .map(rows -> {
                                List<Row> pending = new ArrayList<>();
                                rows.forEach(pending::add);
                                return pending;
                            });
                })
                .chain(pending -> pending.isEmpty() ? Uni.createFrom().item(0) : Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(row -> events.sendMessage(Keyed.bySession(
                                row.getString("session_id"), row.getString("payload").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                .ifNoItem().after(SEND_TIMEOUT).fail())
                        .collect().last()
                        .chain(() -> connection.preparedQuery("UPDATE session_outbox SET published_at = $2 WHERE id = ANY($1)")
                                .execute(Tuple.of(pending.stream().map(row -> row.getLong("id")).toArray(Long[]::new),
                                        clock.instant().atOffset(ZoneOffset.UTC))))
                        .replaceWith(pending.size())));
    }

    private String json(SessionEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session event of " + event.sessionId() + " could not be written", e);
        }
    }
}
