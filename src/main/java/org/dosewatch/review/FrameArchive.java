package org.dosewatch.review;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.dosewatch.history.ClosedRecords;
import org.dosewatch.history.RecordPart;
import org.dosewatch.monitor.Reading;
import org.dosewatch.rules.FrameListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps every frame the rule engine evaluated, with the time it was received, so a session's
 * alarms can be replayed under another profile (what-if). The stream thread only queues the
 * frame; a scheduled writer copies the queue to PostgreSQL with a binary COPY every second, and removes
 * what is older than the retention every hour. While the database is away the frames wait in
 * memory up to a bound; past it the oldest are given up, counted and logged (the rule engine
 * never waits for the archive, and the frames are still on {@code vitals.readings}).
 */
@ApplicationScoped
public class FrameArchive implements RecordPart, FrameListener {

    /** A frame as archived: the reading and when this service received it. */
    public record Archived(Reading reading, long receivedMillis) {
    }

    static final int COPY_ROWS = 50_000;
    /** Rows (one session's frames of one write each) removed per statement. */
    static final int RETENTION_BATCH = 10_000;

    private final ConcurrentLinkedQueue<Archived> waiting = new ConcurrentLinkedQueue<>();
    private final ClosedRecords closed = new ClosedRecords();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AgroalDataSource jdbc;
    private final Pool database;
    private final Duration retention;
    private final int maxWaiting;
    private final Counter givenUp;

    public FrameArchive(AgroalDataSource jdbc, Pool database, MeterRegistry registry,
                        @ConfigProperty(name = "dosewatch.review.retention", defaultValue = "P30D") Duration retention,
                        @ConfigProperty(name = "dosewatch.review.max-waiting-frames", defaultValue = "1000000") int maxWaiting) {
        this.jdbc = jdbc;
        this.database = database;
        this.retention = retention;
        this.maxWaiting = maxWaiting;
        this.givenUp = Counter.builder("dosewatch.frames.not.archived")
                .description("Frames evaluated but given up by the archive because the database was away too long")
                .register(registry);
        registry.gauge("dosewatch.frames.archive.waiting", waitingCount);
    }

    @Override
    public void admitted(Reading reading, long receivedMillis) {
        add(reading, receivedMillis);
    }

    @Override
    public void ended(String sessionId) {
        closed.close(sessionId);
    }

    /** Queues an evaluated frame; called on the stream thread, so it only queues. */
    public void add(Reading reading, long receivedMillis) {
        if (closed.isClosed(reading.sessionId())) {
            return;
        }
        waiting.add(new Archived(reading, receivedMillis));
        if (waitingCount.incrementAndGet() > maxWaiting) {
            if (waiting.poll() != null) {
                waitingCount.decrementAndGet();
                givenUp.increment();
            }
        }
    }

    /**
     * Writes every frame queued so far, after any write in flight: a session's frames evaluated
     * before its end are archived when this completes (its end waits for it).
     */
    @Override
    public Uni<Void> settle(String sessionId) {
        ended(sessionId);
        return Uni.createFrom().<Void>item(() -> {
            flush();
            return null;
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    /** One write at a time: the scheduled one and a session's settle never run side by side. */
    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void flush() {
        List<Archived> batch = new ArrayList<>(Math.min(COPY_ROWS, waitingCount.get()));
        while (true) {
            batch.clear();
            Archived frame;
            while (batch.size() < COPY_ROWS && (frame = waiting.poll()) != null) {
                batch.add(frame);
            }
            if (batch.isEmpty()) {
                return;
            }
            waitingCount.addAndGet(-batch.size());
            try {
                copy(batch);
            } catch (SQLException | IOException | RuntimeException e) {
                putBack(batch, e);
                return;
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }

    /** Writes a batch with one binary COPY ({@link FrameCopy}). */
    private void copy(List<Archived> batch) throws SQLException, IOException {
        byte[] rows = FrameCopy.encode(batch);
        try (Connection connection = jdbc.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY reading_frames (session_id, first_received, "
                    + "last_received, device_id, seq, ts, received_at, hr, spo2, rr, etco2, sbp, dbp, map) FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(rows));
        }
    }

    private void putBack(List<Archived> batch, Exception failure) {
        // Back at the tail, behind newer frames: the reader orders by received time, then by id.
        waiting.addAll(batch);
        waitingCount.addAndGet(batch.size());
        Log.warnf("%d frames not archived yet, will try again: %s", batch.size(), failure.getMessage());
        while (waitingCount.get() > maxWaiting && waiting.poll() != null) {
            waitingCount.decrementAndGet();
            givenUp.increment();
        }
    }

    /** Removes the frames older than the retention, a batch at a time. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void expire() {
        closed.forgetOld();
        Timestamp before = Timestamp.from(Instant.now().minus(retention));
        try (Connection connection = jdbc.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM reading_frames WHERE ctid = ANY(ARRAY("
                     + "SELECT ctid FROM reading_frames WHERE last_received < ? LIMIT " + RETENTION_BATCH + "))")) {
            delete.setTimestamp(1, before);
            long removed = 0;
            int count;
            do {
                count = delete.executeUpdate();
                removed += count;
            } while (count == RETENTION_BATCH);
            if (removed > 0) {
                Log.infof("%d writes of archived frames older than %s removed", removed, retention);
            }
        } catch (SQLException e) {
            Log.warnf("Archived frames past their retention not removed yet: %s", e.getMessage());
        }
    }

    /**
     * A session's archived frames in the order they were evaluated, each once: a frame
     * evaluated again after a crash (same device, seq and device time) is skipped.
     */
    public Uni<List<Archived>> of(String sessionId) {
        return database.preparedQuery("SELECT device_id, seq, ts, received_at, hr, spo2, rr, etco2, sbp, dbp, map FROM ("
                        + "SELECT DISTINCT ON (device_id, seq, ts) * FROM reading_frame WHERE session_id = $1 "
                        + "ORDER BY device_id, seq, ts, write_id, n) f ORDER BY received_at, write_id, n")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    List<Archived> frames = new ArrayList<>(rows.size());
                    rows.forEach(row -> frames.add(new Archived(new Reading(sessionId, row.getString("device_id"),
                            row.getLong("seq"), row.getOffsetDateTime("ts").toInstant(), number(row, "hr"),
                            number(row, "spo2"), number(row, "rr"), number(row, "etco2"), number(row, "sbp"),
                            number(row, "dbp"), number(row, "map")),
                            row.getOffsetDateTime("received_at").toInstant().toEpochMilli())));
                    return frames;
                });
    }

    private static double number(Row row, String column) {
        Double value = row.getDouble(column);
        return value == null ? Reading.ABSENT : value;
    }
}
