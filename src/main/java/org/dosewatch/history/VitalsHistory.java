package org.dosewatch.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.monitor.Reading;
import org.dosewatch.monitor.Vital;
import org.dosewatch.rules.FrameListener;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Downsamples each session's frames into 15-second buckets of device time (min, mean, max of
 * each vital) and writes the finished buckets to PostgreSQL every few seconds in one batch.
 * A reading only adds to its session's open bucket in memory; a replayed bucket is written
 * once (the first write wins).
 */
@ApplicationScoped
public class VitalsHistory implements RecordPart, FrameListener {

    static final long BUCKET_MILLIS = Duration.ofSeconds(15).toMillis();
    /** The vitals a bucket keeps, in {@link Vital}'s order. */
    static final Vital[] VITALS = Vital.values();

    /** One finished bucket of one vital. */
    public record Point(String sessionId, Instant bucket, String vital, double min, double mean, double max, int samples) {
    }

    /** An NIBP reading at its monitor's time, to be written. */
    private record Nibp(String sessionId, Instant ts, double sbp, double dbp, double map) {
    }

    private final Map<String, Bucket> open = new ConcurrentHashMap<>();
    private final ClosedRecords closed = new ClosedRecords();
    /** Completes when the newest write started has: writes run one after another. */
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    private final ConcurrentLinkedQueue<Point> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Nibp> nibp = new ConcurrentLinkedQueue<>();
    private final Pool database;

    public VitalsHistory(Pool database) {
        this.database = database;
    }

    @Override
    public void admitted(Reading reading, long receivedMillis) {
        add(reading);
    }

    @Override
    public void ended(String sessionId) {
        close(sessionId);
    }

    /** Adds an admitted frame to its session's open bucket; a frame of a later bucket closes it. */
    public void add(Reading reading) {
        if (closed.isClosed(reading.sessionId())) {
            return;
        }
        if (reading.hasBloodPressure()) {
            nibp.add(new Nibp(reading.sessionId(), reading.ts(), reading.sbp(), reading.dbp(), reading.map()));
        }
        long ts = reading.ts().toEpochMilli();
        long start = ts - Math.floorMod(ts, BUCKET_MILLIS);
        Bucket bucket = open.computeIfAbsent(reading.sessionId(), id -> new Bucket());
        synchronized (bucket) {
            if (bucket.start != start) {
                if (bucket.start != Long.MIN_VALUE && start > bucket.start) {
                    close(reading.sessionId(), bucket);
                }
                if (start > bucket.start) {
                    bucket.reset(start);
                } else {
                    return; // a frame of a bucket already closed: the history keeps what it had
                }
            }
            for (int v = 0; v < VITALS.length; v++) {
                bucket.add(v, VITALS[v].of(reading));
            }
        }
    }

    private void close(String sessionId, Bucket bucket) {
        Instant at = Instant.ofEpochMilli(bucket.start);
        for (int v = 0; v < VITALS.length; v++) {
            if (bucket.count[v] > 0) {
                finished.add(new Point(sessionId, at, VITALS[v].field(), bucket.min[v], bucket.sum[v] / bucket.count[v],
                        bucket.max[v], bucket.count[v]));
            }
        }
    }

    /**
     * The session ended: its open summary is finished now, to be written with the next batch, and
     * frames that come after are not part of its record.
     */
    public void close(String sessionId) {
        closed.close(sessionId);
        Bucket bucket = open.remove(sessionId);
        if (bucket != null) {
            synchronized (bucket) {
                if (bucket.start != Long.MIN_VALUE) {
                    close(sessionId, bucket);
                    bucket.start = Long.MIN_VALUE;
                }
            }
        }
    }

    /** Whether the session's record is closed here, so its frames are no longer kept. */
    public boolean closed(String sessionId) {
        return closed.isClosed(sessionId);
    }

    /**
     * Closes the session's record and completes once everything this instance kept of it is in
     * the database (or the database refused, then it waits for the next batch): an export, a
     * form or the record read after this has the session's last seconds.
     */
    @Override
    public Uni<Void> settle(String sessionId) {
        close(sessionId);
        return write(this::drain);
    }

    /** Closes the buckets of sessions whose monitor has been quiet for a bucket of wall time. */
    void closeQuiet(long deviceNowMillis) {
        open.forEach((sessionId, bucket) -> {
            synchronized (bucket) {
                if (bucket.start != Long.MIN_VALUE && bucket.start + 2 * BUCKET_MILLIS < deviceNowMillis) {
                    close(sessionId, bucket);
                    bucket.start = Long.MIN_VALUE;
                }
            }
        });
    }

    /** Points waiting while the database is away; past this the oldest are given up, with a log line. */
    static final int MAX_WAITING = 1_000_000;

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        long now = System.currentTimeMillis();
        closeQuiet(now);
        closed.forgetOld();
        return write(() -> flushReadings().chain(this::flushPoints));
    }

    /** Runs one write after the one before it has completed, so a settle never overtakes a batch in flight. */
    private Uni<Void> write(java.util.function.Supplier<Uni<Void>> next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> before;
        synchronized (this) {
            before = writing;
            writing = done;
        }
        return Uni.createFrom().completionStage(before)
                .chain(() -> next.get())
                .eventually(() -> done.complete(null));
    }

    /** Writes every waiting reading and point, batch after batch, until none is left or a batch failed. */
    private Uni<Void> drain() {
        int waiting = nibp.size() + finished.size();
        if (waiting == 0) {
            return Uni.createFrom().voidItem();
        }
        return flushReadings().chain(this::flushPoints)
                .chain(() -> nibp.size() + finished.size() < waiting ? drain() : Uni.createFrom().voidItem());
    }

    /** The NIBP readings taken since the last flush, each at its own time; a reading replayed is written once. */
    private Uni<Void> flushReadings() {
        return writeBatch(nibp, "NIBP readings", "INSERT INTO nibp_reading (session_id, ts, sbp, dbp, map) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                r -> Tuple.of(r.sessionId(), r.ts().atOffset(ZoneOffset.UTC), r.sbp(), r.dbp(), Double.isNaN(r.map()) ? null : r.map()));
    }

    /** The finished summaries; a summary replayed is written once (the first write wins). */
    private Uni<Void> flushPoints() {
        return writeBatch(finished, "history points", "INSERT INTO vitals_history (session_id, bucket_start, vital, min_value, "
                        + "mean_value, max_value, samples) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                point -> Tuple.from(List.of(point.sessionId(), point.bucket().atOffset(ZoneOffset.UTC), point.vital(), point.min(),
                        point.mean(), point.max(), point.samples())));
    }

    /**
     * Writes up to 5,000 of what waits in {@code queue} in one batch. If the database refuses, they
     * wait again for the next batch, unless {@link #MAX_WAITING} are waiting already: then they are
     * given up, with a log line.
     */
    private <T> Uni<Void> writeBatch(ConcurrentLinkedQueue<T> queue, String what, String sql, Function<T, Tuple> row) {
        List<T> items = new ArrayList<>();
        T item;
        while (items.size() < 5000 && (item = queue.poll()) != null) {
            items.add(item);
        }
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return database.preparedQuery(sql).executeBatch(items.stream().map(row).toList())
                .onFailure().invoke(failure -> {
                    if (queue.size() + items.size() > MAX_WAITING) {
                        Log.errorf("%d %s given up: the database has been away too long (%s)", items.size(), what,
                                failure.getMessage());
                        return;
                    }
                    queue.addAll(items);
                    Log.warnf("%d %s not written yet, will try again: %s", items.size(), what, failure.getMessage());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** A session's history from {@code from} on, oldest first. */
    public Uni<List<Point>> of(String sessionId, Instant from) {
        return database.preparedQuery("SELECT bucket_start, vital, min_value, mean_value, max_value, samples "
                        + "FROM vitals_history WHERE session_id = $1 AND bucket_start >= $2 ORDER BY bucket_start, vital")
                .execute(Tuple.of(sessionId, from.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Point> points = new ArrayList<>();
                    rows.forEach(row -> points.add(new Point(sessionId, row.getOffsetDateTime("bucket_start").toInstant(),
                            row.getString("vital"), row.getDouble("min_value"), row.getDouble("mean_value"),
                            row.getDouble("max_value"), row.getInteger("samples"))));
                    return points;
                });
    }

    /** An NIBP reading: when its monitor took it, its systolic and diastolic. */
    public record BloodPressure(Instant at, double sbp, double dbp) {
    }

    /** The session's NIBP readings, oldest first, each at its own time. */
    public Uni<List<BloodPressure>> bloodPressures(String sessionId) {
        return database.preparedQuery("SELECT ts, sbp, dbp FROM nibp_reading WHERE session_id = $1 ORDER BY ts")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    List<BloodPressure> readings = new ArrayList<>();
                    rows.forEach(row -> readings.add(new BloodPressure(row.getOffsetDateTime("ts").toInstant(),
                            row.getDouble("sbp"), row.getDouble("dbp"))));
                    return readings;
                });
    }

    /** When the session's NIBP readings were taken, oldest first. */
    public Uni<List<Instant>> nibpTimes(String sessionId) {
        return bloodPressures(sessionId).map(readings -> readings.stream().map(BloodPressure::at).toList());
    }
}
