package org.dosewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.dosewatch.testing.ServiceProcess;

/**
 * Where the service is, every half second, for telling a backlog of evaluation from one of
 * storage: frames taken, the evaluation's and the alert lifecycle's consumer lag, the newest
 * clock tick's age. Written to target/bench/timeline-*.csv.
 */
final class Timeline implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private static final String[] SERIES = {"dosewatch_readings_consumed_total",
        "kafka_consumer_fetch_manager_records_lag_max{client_id=\"dosewatch-evaluation-",
        "kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-transitions-in",
        "dosewatch_clock_tick_age_seconds", "kafka_stream_thread_commit_latency_avg", "kafka_stream_thread_commit_latency_max",
        "kafka_stream_thread_commit_rate", "kafka_stream_thread_process_rate",
        "dosewatch_alerts_transition_wait_seconds_max", "dosewatch_alerts_reading_to_alert_seconds_max",
        "kafka_producer_request_latency_avg{client_id=\"dosewatch-evaluation-",
        "kafka_producer_request_latency_max{client_id=\"dosewatch-evaluation-"};
    private final StringBuilder rows = new StringBuilder("seconds,on_topic,consumed,evaluation_lag,transitions_lag,tick_age_s,"
            + "commit_ms_avg(sum of threads),commit_ms_max(sum),commits_per_s,processed_per_s,transition_wait_max_s,"
            + "reading_to_stored_max_s,produce_ms_avg(sum),produce_ms_max(sum)\n");

    Timeline(ServiceProcess service, java.util.function.LongSupplier onTopic) {
        long begin = System.nanoTime();
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    long written = onTopic.getAsLong();
                    Map<String, Double> m = service.metrics(SERIES);
                    rows.append(String.format("%.1f,%d", (System.nanoTime() - begin) / 1e9, written));
                    m.values().forEach(v -> rows.append(String.format(",%.1f", v)));
                    rows.append('\n');
                } catch (IOException | RuntimeException e) {
                    rows.append("error ").append(e.getMessage()).append('\n');
                }
                LockSupport.parkNanos(500_000_000L);
            }
        }, "bench-timeline");
        thread.start();
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        Files.writeString(BenchStack.WORK.resolve("timeline-" + System.nanoTime() + ".csv"), rows);
    }
}
