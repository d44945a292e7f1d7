package org.dosewatch.bench;

import static org.awaitility.Awaitility.await;
import static org.dosewatch.bench.Delays.describe;
import static org.dosewatch.bench.Delays.figure;
import static org.dosewatch.bench.Delays.fromFrame;
import static org.dosewatch.bench.Delays.max;
import static org.dosewatch.bench.Delays.p99;
import static org.dosewatch.bench.BenchStack.frame;
import static org.dosewatch.bench.BenchStack.now;
import static org.dosewatch.bench.BenchStack.send;
import static org.dosewatch.bench.BenchStack.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dosewatch.Topics;
import org.dosewatch.testing.ServiceProcess;

/**
 * The alert path measured end to end, as an operator would: a real Kafka broker and PostgreSQL
 * started here, the packaged service started as its own process (one or two), load from a plain
 * Kafka producer, and alerts timed where a nurse's screen would see them. Prints one line per
 * figure. Run with {@code ./mvnw -Pbench-e2e -DskipTests package exec:exec -Dbench=...} (see
 * docs/performance.md); the argument picks the benchmarks: throughput, flood, latency, storm,
 * crash, failover (default all). This class holds the scenarios; {@link BenchStack} what they
 * stand on, {@link BenchLoad} the ward's load, {@link AlertWatch} and {@link SseWatch} what they
 * watch, {@link Delays} how they time it.
 */
public final class AlertPathBench {

    private final BenchStack stack;
    private final BenchLoad load;

    private AlertPathBench(BenchStack stack) {
        this.stack = stack;
        this.load = new BenchLoad(stack);
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 || args[0].isBlank() ? List.of("throughput", "flood", "latency", "storm", "crash",
                "failover") : List.of(args[0].split("[, ]+"));
        int runs = Integer.getInteger("bench.runs", 1);
        List<String> summaries = new ArrayList<>();
        for (String bench : which) {
            List<Double> headlines = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                try (BenchStack stack = BenchStack.start()) {
                    AlertPathBench one = new AlertPathBench(stack);
                    headlines.add(switch (bench) {
                        case "throughput" -> one.throughput();
                        case "flood" -> one.flood();
                        case "latency" -> one.latency();
                        case "storm" -> one.storm();
                        case "crash" -> one.crash();
                        case "failover" -> one.failover();
                        default -> throw new IllegalArgumentException("no benchmark '" + bench + "'");
                    });
                }
            }
            summaries.add(String.format("BENCH %s over %d run%s: %s %s", bench, runs, runs == 1 ? "" : "s",
                    headlines.stream().map(h -> String.format("%,.1f", h)).toList(), HEADLINE.get(bench)));
        }
        summaries.forEach(System.out::println);
        System.exit(0);
    }

    /** What each benchmark's headline figure is, for the line that gives it over several runs. */
    private static final Map<String, String> HEADLINE = Map.of(
            "throughput", "readings/s drained",
            "flood", "s: the slowest valid frame's SPO2_CRITICAL after it was sent",
            "latency", "ms: p99 from the probe's low frame to RAISED on vitals.alerts",
            "storm", "ms: p99 from the low frame to RAISED on vitals.alerts during the storm",
            "crash", "s: from kill -9 to the first live SPO2_CRITICAL",
            "failover", "s: from kill -9 to the last probe's SPO2_CRITICAL");

    // --- the benchmarks ----------------------------------------------------------------------

    /** Readings drained per second by the service, against a plain consumer on the same topic and broker. */
    private double throughput() throws Exception {
        int sessions = 2000;
        int seconds = 300;
        Instant start = now().minusSeconds(seconds + 60);
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < sessions; i++) {
                    send(producer, frame(session("TP", i), s, start.plusSeconds(s), 98));
                }
            }
            producer.flush();
        }
        long total = (long) sessions * seconds;
        double raw = stack.rawConsumerRate(total);
        ServiceProcess service = stack.service("throughput");
        long[] first = {0, 0};
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            double consumed = service.metric("dosewatch_readings_consumed_total");
            if (consumed > 0 && first[0] == 0) {
                first[0] = System.nanoTime();
                first[1] = (long) consumed;
            }
            return consumed >= total;
        });
        double drained = (total - first[1]) / ((System.nanoTime() - first[0]) / 1e9);
        // Every evaluated frame is also archived for review, off the stream threads: how long after
        // the drain the archive has them all, and whether it had to give any up.
        long drainedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.metric("dosewatch_frames_archive_waiting") == 0);
        double archivedAfter = (System.nanoTime() - drainedAt) / 1e9;
        double givenUp = service.metric("dosewatch_frames_not_archived_total");
        service.kill();
        double perf = consumerPerformance(total);
        double bare = streamsRate(total, false);
        double stateful = streamsRate(total, true);
        figure("throughput", "%,d readings of %,d sessions: service drains %,.0f readings/s; Kafka's ConsumerPerformance reads "
                + "%,.0f/s (ratio %.3f), a plain consumer %,.0f/s (ratio %.3f); Kafka Streams on the same topic, two threads: "
                + "a processor doing nothing %,.0f/s (ratio %.3f), one writing 1 KiB of state per record to a changelogged "
                + "store %,.0f/s (ratio %.3f); every frame archived %.1f s after the drain, %,.0f given up", total, sessions,
                drained, perf, drained / perf, raw, drained / raw, bare, bare / perf, stateful, stateful / perf, archivedAfter,
                givenUp);
        return drained;
    }

    /** Kafka's own consumer benchmark on the readings topic: records per second while fetching. */
    private double consumerPerformance(long total) throws Exception {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // kafka-tools is on the classpath of the bench-e2e profile only, not of the tests.
            Class.forName("org.apache.kafka.tools.ConsumerPerformance").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {"--bootstrap-server", stack.bootstrapServers(),
                            "--topic", Topics.READINGS, "--messages", Long.toString(total), "--timeout", "60000"});
        } finally {
            System.setOut(out);
        }
        // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\\R");
        String[] columns = lines[lines.length - 1].split(",\\s*");
        return Double.parseDouble(columns[columns.length - 1]);
    }

    /**
     * Kafka Streams alone on the readings topic, as the service runs it (two stream threads,
     * at-least-once, the same commit interval): a processor that does nothing, or one that puts
     * a 1 KiB state per record into a cached, changelogged RocksDB store keyed by session.
     */
    private double streamsRate(long total, boolean stateful) throws Exception {
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        long[] firstAt = {0};
        org.apache.kafka.streams.Topology topology = new org.apache.kafka.streams.Topology();
        topology.addSource("in", new StringDeserializer(), new ByteArrayDeserializer(), Topics.READINGS);
        topology.addProcessor("work", () -> new org.apache.kafka.streams.processor.api.Processor<String, byte[], Void, Void>() {
            private org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store;
            private final byte[] state = new byte[1024];

            @Override
            public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                if (stateful) {
                    store = context.getStateStore("states");
                }
            }

            @Override
            public void process(org.apache.kafka.streams.processor.api.Record<String, byte[]> record) {
                if (seen.getAndIncrement() == 0) {
                    firstAt[0] = System.nanoTime();
                }
                if (store != null) {
                    state[0] = record.value()[0];
                    store.put(record.key(), state.clone());
                }
            }
        }, "in");
        if (stateful) {
            topology.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore("states"),
                    org.apache.kafka.common.serialization.Serdes.String(),
                    org.apache.kafka.common.serialization.Serdes.ByteArray()).withCachingEnabled(), "work");
        }
        Properties config = new Properties();
        config.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-" + UUID.randomUUID());
        config.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        config.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5000);
        config.put(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32 * 1024 * 1024L);
        config.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, BenchStack.WORK.resolve("state-ceiling-" + UUID.randomUUID()).toString());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (org.apache.kafka.streams.KafkaStreams streams = new org.apache.kafka.streams.KafkaStreams(topology, config)) {
            streams.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> seen.get() >= total);
            return total / ((System.nanoTime() - firstAt[0]) / 1e9);
        }
    }

    /** 100,000 malformed records interleaved with valid frames of a few desaturating sessions. */
    private double flood() throws Exception {
        stack.service("flood");
        AlertWatch alerts = new AlertWatch(stack);
        int bad = 100_000;
        int sessions = 10;
        int seconds = 40;
        Instant start = now().minusSeconds(seconds);
        Map<String, Long> breachSent = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            int perSlot = bad / (seconds * sessions);
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < sessions; i++) {
                    String id = session("FL", i);
                    for (int b = 0; b < perSlot; b++) {
                        producer.send(new ProducerRecord<>(Topics.READINGS, id,
                                ("{\"sessionId\": \"" + id + "\", \"deviceId\": \"broken\", \"seq\": \"x\"}").getBytes(StandardCharsets.UTF_8)));
                    }
                    if (s == 20) {
                        breachSent.put(id, System.nanoTime());
                    }
                    send(producer, frame(id, s, start.plusSeconds(s), s < 20 ? 98 : 80));
                }
            }
            producer.flush();
        }
        List<Double> delays = alerts.delays("SPO2_CRITICAL", breachSent, Duration.ofSeconds(120));
        await().atMost(Duration.ofMinutes(2)).until(() -> stack.endOffsets(Topics.READINGS_DLQ) >= bad);
        figure("flood", "%,d malformed records dead-lettered; valid frames' SPO2_CRITICAL raised within %s (max %.2f s after sending)",
                bad, describe(delays), max(delays));
        alerts.close();
        return max(delays);
    }

    /**
     * What a station waits for while a ward arrives: the service started cold (or after a warm-up
     * of {@code bench.warmup} sessions for a minute), then {@code bench.sessions} unregistered sessions
     * (the warm-up's go on, the others are new and all start within one second), one frame a second
     * each, from a plain producer;
     * and every 250 ms a new probe session, three normal frames a second apart and then SpO2 80
     * (SPO2_CRITICAL, no delay), for a minute. Timed from sending each probe's low frame to its
     * RAISED on vitals.alerts (and on one SSE feed); the probes whose alert never came are counted.
     */
    private double latency() throws Exception {
        int sessions = Integer.getInteger("bench.sessions", 2000);
        int warmup = Integer.getInteger("bench.warmup", 0);
        if (Boolean.getBoolean("bench.warmbroker")) {
            // The broker warmed by a minute of another instance's ward, which then stops: a cold instance, a warm broker.
            ServiceProcess before = stack.service("latency-before");
            load.ward(sessions, 60, 0, false, new ConcurrentHashMap<>(), "WB");
            before.close();
        }
        ServiceProcess service = stack.service("latency");
        AlertWatch alerts = new AlertWatch(stack);
        SseWatch feed = new SseWatch(service);
        if (warmup > 0) {
            load.ward(warmup, 60, 0, false, new ConcurrentHashMap<>(), "LV");
        }
        Map<String, Long> lowSent = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        // Scraping the service's metrics twice a second costs it CPU: only when asked for.
        Timeline timeline = Boolean.getBoolean("bench.timeline") ? new Timeline(service, () -> stack.endOffsets(Topics.READINGS)) : null;
        load.ward(sessions, 60, warmup > 0 ? 60 : 0, true, lowSent, "LV");
        List<Double> delays = alerts.delays("SPO2_CRITICAL", lowSent, Duration.ofSeconds(20));
        List<Double> onFeed = feed.delays("SPO2_CRITICAL", lowSent, Duration.ofSeconds(5));
        // The same alerts without the first ten seconds, while the instance and the broker are new to the load.
        long firstLow = lowSent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        Map<String, Long> later = new HashMap<>();
        lowSent.forEach((id, at) -> {
            if (at - firstLow >= 10_000_000_000L) {
                later.put(id, at);
            }
        });
        List<Double> settled = Delays.delays(alerts.firstSeen, "SPO2_CRITICAL", later, Duration.ofSeconds(1));
        figure("latency", "%s, then %,d sessions (%,d of them new, starting at once), 1 frame/s each, and a new probe "
                        + "session every 250 ms for 60 s (%.0f s in all): from the probe's low frame to RAISED on vitals.alerts "
                        + "%s, %d of %d probes' alerts never came; on one SSE feed %s; from the 11th second on, on vitals.alerts %s",
                warmup > 0 ? "a warm-up of " + String.format("%,d", warmup) + " sessions for 60 s" : "cold start",
                sessions, sessions - Math.min(warmup, sessions), (System.nanoTime() - begin) / 1e9, describe(delays), lowSent.size() - delays.size(), lowSent.size(),
                describe(onFeed), describe(settled));
        if (timeline != null) {
            timeline.close();
        }
        feed.close();
        alerts.close();
        return delays.size() < lowSent.size() ? Double.POSITIVE_INFINITY : 1000 * p99(delays);
    }

    /** 1,000 of 2,000 live sessions fall silent for 90 s; the others' SPO2_CRITICAL meanwhile. */
    private double storm() throws Exception {
        stack.service("storm");
        AlertWatch alerts = new AlertWatch(stack);
        int sessions = 2000;
        Map<String, Long> breachSent = new ConcurrentHashMap<>();
        // Silent from second 30 to 120 for the first half; probes in the other half desaturate from second 30 on.
        load.runLive(sessions, 160, (second, index) -> index >= 1000 && index % 10 == 3 && second == 30 + (index / 10) % 100,
                breachSent, (second, index) -> index < 1000 && second >= 30 && second < 120);
        List<Double> delays = alerts.delays("SPO2_CRITICAL", breachSent, Duration.ofSeconds(60));
        figure("storm", "1,000 of 2,000 sessions silent for 90 s (SIGNAL_LOSS raised, escalated, cleared: %,d events); "
                + "the others' SPO2_CRITICAL reach vitals.alerts %s from the frame that raised it; from the first low "
                + "frame, with the rules' own confirmation, %s", alerts.count("SIGNAL_LOSS"),
                describe(fromFrame(alerts.fromFrame, "SPO2_CRITICAL", breachSent)), describe(delays));
        alerts.close();
        return 1000 * p99(fromFrame(alerts.fromFrame, "SPO2_CRITICAL", breachSent));
    }

    /** kill -9 of the single instance and an immediate restart, with 2,000 live sessions and 15 minutes of history. */
    private double crash() throws Exception {
        ServiceProcess service = stack.service("crash");
        AlertWatch alerts = new AlertWatch(stack);
        load.history(2000, 900);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.metric("dosewatch_readings_consumed_total") >= 2000L * 900);
        Map<String, Long> kill = new ConcurrentHashMap<>();
        long[] killedAt = {0};
        long[] killedAtMillis = {0};
        load.runLive(2000, 60, (second, index) -> index % 200 == 11 && second >= 20, kill, null, second -> {
            if (second == 20 && killedAt[0] == 0) {
                killedAt[0] = System.nanoTime();
                killedAtMillis[0] = System.currentTimeMillis();
                service.kill();
                service.start();
            }
        });
        kill.replaceAll((k, v) -> killedAt[0]);
        List<Double> blind = alerts.delays("SPO2_CRITICAL", kill, Duration.ofSeconds(120));
        figure("crash", "kill -9 and immediate restart, 2,000 live sessions, 15 min of history: from the kill to the first "
                + "live SPO2_CRITICAL on vitals.alerts %.1f s (all 10 probes by %.1f s); SIGNAL_LOSS events the restart "
                + "caused: %s", blind.isEmpty() ? Double.NaN : Collections.min(blind), max(blind),
                // Dated after the kill: a silence the restart itself would have caused (the monitors never stopped).
                alerts.seen.stream().filter(e -> e[1].equals("SIGNAL_LOSS") && !e[3].isEmpty()
                                && Instant.parse(e[3]).toEpochMilli() >= killedAtMillis[0])
                        .collect(java.util.stream.Collectors.groupingBy(e -> e[2], java.util.TreeMap::new,
                                java.util.stream.Collectors.counting())));
        alerts.close();
        return blind.isEmpty() ? Double.NaN : Collections.min(blind);
    }

    /** Two instances; one is killed for good; the survivor raises the dead one's sessions' alerts. */
    private double failover() throws Exception {
        ServiceProcess first = stack.service("failover-a");
        stack.service("failover-b");
        AlertWatch alerts = new AlertWatch(stack);
        Map<String, Long> kill = new ConcurrentHashMap<>();
        long[] killedAt = {0};
        load.runLive(2000, 60, (second, index) -> index % 100 == 17 && second >= 30, kill, null, second -> {
            if (second == 30 && killedAt[0] == 0) {
                killedAt[0] = System.nanoTime();
                first.kill();
            }
        });
        kill.replaceAll((k, v) -> killedAt[0]);
        List<Double> delays = alerts.delays("SPO2_CRITICAL", kill, Duration.ofSeconds(120));
        figure("failover", "two instances, 2,000 live sessions, one killed for good: every probe session's SPO2_CRITICAL raised "
                + "by %.1f s after the kill (%d of 20 probes)", max(delays), delays.size());
        alerts.close();
        return delays.size() < 20 ? Double.NaN : max(delays);
    }
}
