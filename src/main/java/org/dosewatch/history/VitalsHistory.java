package org.dosewatch.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.dosewatch.reading.Reading;

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
public class VitalsHistory {

    static final long BUCKET_MILLIS = Duration.ofSeconds(15).toMillis();
    static final String[] VITALS = {"hr", "spo2", "rr", "etco2", "sbp", "dbp", "map"};

    /** One finished bucket of one vital. */
    public record Point(String sessionId, Instant bucket, String vital, double min, double mean, double max, int samples) {
    }

    private static final class Bucket {
        long start = Long.MIN_VALUE;
        final double[] min = new double[VITALS.length];
        final double[] max = new double[VITALS.length];
        final double[] sum = new double[VITALS.length];
        final int[] count = new int[VITALS.length];

        void reset(long bucketStart) {
            start = bucketStart;
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
        }

        void add(int vital, double value) {
            if (!Double.isNaN(value)) {
                min[vital] = Math.min(min[vital], value);
                max[vital] = Math.max(max[vital], value);
                sum[vital] += value;
                count[vital]++;
            }
        }
    }

    private final Map<String, Bucket> open = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Point> finished = new ConcurrentLinkedQueue<>();
    private final Pool database;

    public VitalsHistory(Pool database) {
        this.database = database;
    }

    /** Adds an admitted frame to its session's open bucket; a frame of a later bucket closes it. */
    public void add(Reading reading) {
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
            bucket.add(0, reading.hr());
            bucket.add(1, reading.spo2());
            bucket.add(2, reading.rr());
            bucket.add(3, reading.etco2());
            bucket.add(4, reading.sbp());
            bucket.add(5, reading.dbp());
            bucket.add(6, reading.map());
        }
    }

    private void close(String sessionId, Bucket bucket) {
        Instant at = Instant.ofEpochMilli(bucket.start);
        for (int v = 0; v < VITALS.length; v++) {
            if (bucket.count[v] > 0) {
                finished.add(new Point(sessionId, at, VITALS[v], bucket.min[v], bucket.sum[v] / bucket.count[v],
                        bucket.max[v], bucket.count[v]));
            }
        }
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
        closeQuiet(System.currentTimeMillis());
        List<Point> points = new ArrayList<>();
        Point p;
        while (points.size() < 5000 && (p = finished.poll()) != null) {
            points.add(p);
        }
        if (points.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = points.stream().map(point -> Tuple.from(List.of(point.sessionId(),
                point.bucket().atOffset(ZoneOffset.UTC), point.vital(), point.min(), point.mean(), point.max(),
                point.samples()))).toList();
        return database.preparedQuery("INSERT INTO vitals_history (session_id, bucket_start, vital, min_value, mean_value, "
                        + "max_value, samples) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                .executeBatch(batch)
                .onFailure().invoke(e -> keepForLater(points, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void keepForLater(List<Point> points, Throwable failure) {
        if (finished.size() + points.size() > MAX_WAITING) {
            Log.errorf("%d history points given up: the database has been away too long (%s)", points.size(),
                    failure.getMessage());
            return;
        }
        finished.addAll(points);
        Log.warnf("%d history points not written yet, will try again: %s", points.size(), failure.getMessage());
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

    /** An NIBP reading as kept: the 15-second bucket that holds it, its systolic and diastolic. */
    public record BloodPressure(Instant at, double sbp, double dbp) {
    }

    /** The session's NIBP readings, oldest first. */
    public Uni<List<BloodPressure>> bloodPressures(String sessionId) {
        return database.preparedQuery("SELECT s.bucket_start, s.mean_value AS sbp, d.mean_value AS dbp FROM vitals_history s "
                        + "JOIN vitals_history d ON d.session_id = s.session_id AND d.bucket_start = s.bucket_start AND d.vital = 'dbp' "
                        + "WHERE s.session_id = $1 AND s.vital = 'sbp' ORDER BY s.bucket_start")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    List<BloodPressure> readings = new ArrayList<>();
                    rows.forEach(row -> readings.add(new BloodPressure(row.getOffsetDateTime("bucket_start").toInstant(),
                            row.getDouble("sbp"), row.getDouble("dbp"))));
                    return readings;
                });
    }

    /** When the session's NIBP readings were taken, as the 15-second buckets that hold them, oldest first. */
    public Uni<List<Instant>> nibpTimes(String sessionId) {
        return database.preparedQuery("SELECT bucket_start FROM vitals_history WHERE session_id = $1 AND vital = 'sbp' "
                        + "ORDER BY bucket_start")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    List<Instant> times = new ArrayList<>();
                    rows.forEach(row -> times.add(row.getOffsetDateTime("bucket_start").toInstant()));
                    return times;
                });
    }
}
