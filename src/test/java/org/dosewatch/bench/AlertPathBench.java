package org.dosewatch.bench;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.dosewatch.Topics;
import org.dosewatch.testing.BrokerProcess;
import org.dosewatch.testing.LocalPostgres;
import org.dosewatch.testing.ServiceProcess;

/**
 * The alert path measured end to end, as an operator would: a real Kafka broker and PostgreSQL
 * started here, the packaged service started as its own process (one or two), load from a plain
 * Kafka producer, and alerts timed where a nurse's screen would see them. Prints one line per
 * figure. Run with {@code ./mvnw -Pbench-e2e verify} (see docs/performance.md);
 * arguments pick the benchmarks: throughput, flood, latency, storm, crash, failover (default all).
 */
public final class AlertPathBench {

    private static final Path WORK = Path.of("target", "bench").toAbsolutePath();
    private static final Pattern READING_TS = Pattern.compile("\"readingTs\":\"([^\"]+)\"");
    private static final Pattern ALERT = Pattern.compile("\"sessionId\":\"([^\"]+)\".*?\"rule\":\"([A-Z0-9_]+)\".*?\"event\":\"([A-Z]+)\"");

    private final BrokerProcess kafka;
    private final LocalPostgres postgres;
    private final List<ServiceProcess> services = new ArrayList<>();
    private int nextPort = 18080;

    private AlertPathBench(BrokerProcess kafka, LocalPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 || args[0].isBlank() ? List.of("throughput", "flood", "latency", "storm", "crash",
                "failover") : List.of(args[0].split("[, ]+"));
        int runs = Integer.getInteger("bench.runs", 1);
        List<String> summaries = new ArrayList<>();
        for (String bench : which) {
            List<Double> headlines = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Files.createDirectories(WORK);
                AlertPathBench one = new AlertPathBench(broker(), LocalPostgres.start(WORK));
                try {
                    headlines.add(switch (bench) {
                        case "throughput" -> one.throughput();
                        case "flood" -> one.flood();
                        case "latency" -> one.latency();
                        case "storm" -> one.storm();
                        case "crash" -> one.crash();
                        case "failover" -> one.failover();
                        default -> throw new IllegalArgumentException("no benchmark '" + bench + "'");
                    });
                } finally {
                    one.close();
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
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < sessions; i++) {
                    send(producer, frame(session("TP", i), s, start.plusSeconds(s), 98));
                }
            }
            producer.flush();
        }
        long total = (long) sessions * seconds;
        double raw = rawConsumerRate(total);
        ServiceProcess service = start("throughput");
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
                    .invoke(null, (Object) new String[] {"--bootstrap-server", kafka.bootstrapServers(),
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
        config.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        config.put(org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5000);
        config.put(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32 * 1024 * 1024L);
        config.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, WORK.resolve("state-ceiling-" + UUID.randomUUID()).toString());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (org.apache.kafka.streams.KafkaStreams streams = new org.apache.kafka.streams.KafkaStreams(topology, config)) {
            streams.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> seen.get() >= total);
            return total / ((System.nanoTime() - firstAt[0]) / 1e9);
        }
    }

    /** 100,000 malformed records interleaved with valid frames of a few desaturating sessions. */
    private double flood() throws Exception {
        start("flood");
        AlertWatch alerts = new AlertWatch();
        int bad = 100_000;
        int sessions = 10;
        int seconds = 40;
        Instant start = now().minusSeconds(seconds);
        Map<String, Long> breachSent = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
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
        await().atMost(Duration.ofMinutes(2)).until(() -> endOffsets(Topics.READINGS_DLQ) >= bad);
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
            ServiceProcess before = start("latency-before");
            ward(sessions, 60, 0, false, new ConcurrentHashMap<>(), "WB");
            before.close();
        }
        ServiceProcess service = start("latency");
        AlertWatch alerts = new AlertWatch();
        SseWatch feed = new SseWatch(service);
        if (warmup > 0) {
            ward(warmup, 60, 0, false, new ConcurrentHashMap<>(), "LV");
        }
        Map<String, Long> lowSent = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        // Scraping the service's metrics twice a second costs it CPU: only when asked for.
        Timeline timeline = Boolean.getBoolean("bench.timeline") ? new Timeline(service, () -> endOffsets(Topics.READINGS)) : null;
        ward(sessions, 60, warmup > 0 ? 60 : 0, true, lowSent, "LV");
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
        List<Double> settled = AlertPathBench.delays(alerts.firstSeen, "SPO2_CRITICAL", later, Duration.ofSeconds(1));
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

    /**
     * {@code sessions} monitors at one frame a second for {@code seconds}, dated as they are sent,
     * their seconds spread over the second in 100 slices of 10 ms, as a ward's monitors are not in
     * step; {@code from}: the second a continuing ward is at. With {@code probes}, a new probe
     * session every 250 ms: three normal frames, then SpO2 80; its low frame's send time is kept.
     */
    private void ward(int sessions, int seconds, int from, boolean probes, Map<String, Long> lowSent, String prefix)
            throws Exception {
        int slices = 100;
        long begin = System.nanoTime();
        int probeCount = probes ? seconds * 4 : 0;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int s = 0; s < seconds + (probes ? 4 : 0); s++) {
                for (int slice = 0; slice < slices; slice++) {
                    long sliceStart = begin + s * 1_000_000_000L + slice * (1_000_000_000L / slices);
                    Instant ts = now();
                    if (s < seconds) {
                        for (int i = slice * sessions / slices; i < (slice + 1) * sessions / slices; i++) {
                            send(producer, frame(session(prefix, i), from + s, ts, 98));
                        }
                    }
                    // Probe p starts at p * 250 ms; its frame k (0..3) is due k seconds later, the last one low.
                    for (int p = 0; p < probeCount; p++) {
                        for (int k = 0; k < 4; k++) {
                            long due = begin + p * 250_000_000L + k * 1_000_000_000L;
                            if (due >= sliceStart && due < sliceStart + 1_000_000_000L / slices) {
                                String id = session("PB", p);
                                if (k == 3) {
                                    lowSent.put(id, System.nanoTime());
                                }
                                send(producer, frame(id, k, ts, k == 3 ? 80 : 98));
                            }
                        }
                    }
                    long due = sliceStart + 1_000_000_000L / slices;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    /** 1,000 of 2,000 live sessions fall silent for 90 s; the others' SPO2_CRITICAL meanwhile. */
    private double storm() throws Exception {
        start("storm");
        AlertWatch alerts = new AlertWatch();
        int sessions = 2000;
        Map<String, Long> breachSent = new ConcurrentHashMap<>();
        // Silent from second 30 to 120 for the first half; probes in the other half desaturate from second 30 on.
        runLive(sessions, 160, (second, index) -> index >= 1000 && index % 10 == 3 && second == 30 + (index / 10) % 100,
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
        ServiceProcess service = start("crash");
        AlertWatch alerts = new AlertWatch();
        history(2000, 900);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.metric("dosewatch_readings_consumed_total") >= 2000L * 900);
        Map<String, Long> kill = new ConcurrentHashMap<>();
        long[] killedAt = {0};
        long[] killedAtMillis = {0};
        runLive(2000, 60, (second, index) -> index % 200 == 11 && second >= 20, kill, null, second -> {
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
        ServiceProcess first = start("failover-a");
        start("failover-b");
        AlertWatch alerts = new AlertWatch();
        Map<String, Long> kill = new ConcurrentHashMap<>();
        long[] killedAt = {0};
        runLive(2000, 60, (second, index) -> index % 100 == 17 && second >= 30, kill, null, second -> {
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

    // --- load --------------------------------------------------------------------------------

    private interface Chosen {
        boolean test(int second, int index);
    }

    private interface EachSecond {
        void at(int second) throws Exception;
    }

    private void runLive(int sessions, int seconds, Chosen breach, Map<String, Long> breachSent, Chosen silent) throws Exception {
        runLive(sessions, seconds, breach, breachSent, silent, second -> { });
    }

    /**
     * Live frames at 1 Hz for every session, dated as they are sent. As on a ward, the monitors'
     * seconds are not in step: each second's frames are spread over it in 100 slices of 10 ms,
     * so the service sees a steady rate rather than one burst a second. A chosen session's frame
     * at a chosen second breaches (SpO2 80 %) and stays low after; its send time is kept.
     */
    private void runLive(int sessions, int seconds, Chosen breach, Map<String, Long> breachSent, Chosen silent,
                         EachSecond each) throws Exception {
        boolean[] low = new boolean[sessions];
        int slices = 100;
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int s = 0; s < seconds; s++) {
                each.at(s);
                for (int slice = 0; slice < slices; slice++) {
                    Instant ts = now();
                    for (int i = slice * sessions / slices; i < (slice + 1) * sessions / slices; i++) {
                        if (silent != null && silent.test(s, i)) {
                            continue;
                        }
                        String id = session("LV", i);
                        if (!low[i] && breach.test(s, i)) {
                            low[i] = true;
                            breachSent.putIfAbsent(id, System.nanoTime());
                        }
                        send(producer, frame(id, 100_000 + s, ts, low[i] ? 80 : 98));
                    }
                    // A monitor's pace: the next slice goes when its 10 ms of wall time have come.
                    long due = begin + s * 1_000_000_000L + (slice + 1) * (1_000_000_000L / slices);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    /** Fifteen minutes of frames of every session, dated up to now, as fast as the broker takes them. */
    private void history(int sessions, int seconds) {
        Instant start = now().minusSeconds(seconds);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < sessions; i++) {
                    send(producer, frame(session("LV", i), s, start.plusSeconds(s), 98));
                }
            }
            producer.flush();
        }
    }

    private static String session(String prefix, int index) {
        return String.format("%s-%05d", prefix, index);
    }

    private static String frame(String session, long seq, Instant ts, double spo2) {
        return "{\"sessionId\":\"" + session + "\",\"deviceId\":\"" + session + "-m\",\"seq\":" + seq + ",\"ts\":\"" + ts
                + "\",\"hr\":80,\"rr\":14,\"spo2\":" + (int) spo2 + "}";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String json) {
        String session = json.substring(14, json.indexOf('"', 14));
        producer.send(new ProducerRecord<>(Topics.READINGS, session, json.getBytes(StandardCharsets.UTF_8)));
    }

    // --- what is watched ---------------------------------------------------------------------

    /** Alert events as they reach vitals.alerts, with the time this process saw them. */
    private final class AlertWatch implements AutoCloseable {
        final List<String[]> seen = new CopyOnWriteArrayList<>();
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, Long> fromFrame = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        final Thread thread;

        AlertWatch() throws InterruptedException {
            thread = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                    consumer.subscribe(List.of(Topics.ALERTS));
                    while (running.get()) {
                        if (!consumer.assignment().isEmpty()) {
                            assigned.countDown();
                        }
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                            String json = new String(record.value(), StandardCharsets.UTF_8);
                            Matcher m = ALERT.matcher(json);
                            if (m.find()) {
                                long at = System.nanoTime();
                                Matcher ts = READING_TS.matcher(json);
                                seen.add(new String[] {m.group(1), m.group(2), m.group(3), ts.find() ? ts.group(1) : ""});
                                if (m.group(3).equals("RAISED")) {
                                    firstSeen.putIfAbsent(m.group(1) + "|" + m.group(2), at);
                                    fromFrame(fromFrame, m.group(1) + "|" + m.group(2), new String(record.value(), StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                }
            }, "bench-alerts");
            thread.start();
            assigned.await(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        List<Double> delays(String rule, Map<String, Long> sent, Duration within) {
            return AlertPathBench.delays(firstSeen, rule, sent, within);
        }

        long count(String rule) {
            return seen.stream().filter(e -> e[1].equals(rule)).count();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /**
     * Where the service is, every half second, for telling a backlog of evaluation from one of
     * storage: frames taken, the evaluation's and the alert lifecycle's consumer lag, the newest
     * clock tick's age. Written to target/bench/timeline-*.csv.
     */
    private static final class Timeline implements AutoCloseable {
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
            Files.writeString(WORK.resolve("timeline-" + System.nanoTime() + ".csv"), rows);
        }
    }

    /** The dashboard feed as a nurse's screen reads it, with the time each alert event arrived. */
    private static final class SseWatch implements AutoCloseable {
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final Map<String, Long> fromFrame = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();
        final AtomicBoolean open = new AtomicBoolean(true);
        volatile HttpURLConnection connection;
        final Thread thread;

        /** Reads the feed as the page does: a dropped feed is opened again at once (its snapshot is not timed). */
        SseWatch(ServiceProcess service) {
            thread = new Thread(() -> {
                while (open.get()) {
                    try {
                        read(service);
                    } catch (IOException e) {
                        // dropped or refused: open it again
                    }
                    if (open.get()) {
                        reconnects.incrementAndGet();
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    }
                }
            }, "bench-feed");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(ServiceProcess service) throws IOException {
            HttpURLConnection c = (HttpURLConnection) URI.create(service.url() + "/api/feed").toURL().openConnection();
            c.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("nurse:nurse".getBytes(StandardCharsets.UTF_8)));
            c.setRequestProperty("Accept", "text/event-stream");
            connection = c;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("\"event\":\"RAISED\"")) {
                        Matcher m = ALERT.matcher(line);
                        if (m.find()) {
                            firstSeen.putIfAbsent(m.group(1) + "|" + m.group(2), System.nanoTime());
                            fromFrame(fromFrame, m.group(1) + "|" + m.group(2), line);
                        }
                    }
                }
            }
        }

        List<Double> delays(String rule, Map<String, Long> sent, Duration within) {
            return AlertPathBench.delays(firstSeen, rule, sent, within);
        }

        @Override
        public void close() {
            open.set(false);
            HttpURLConnection c = connection;
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /**
     * Seconds from each session's send (or kill) time to the first RAISED of the rule seen for it,
     * waiting until all have been seen or the time is up.
     */
    private static List<Double> delays(Map<String, Long> firstSeen, String rule, Map<String, Long> sent, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> sent.keySet().stream().allMatch(id -> firstSeen.containsKey(id + "|" + rule)));
        } catch (ConditionTimeoutException e) {
            // Reported as it is: the figure counts the alerts that arrived.
        }
        List<Double> delays = new ArrayList<>();
        StringBuilder each = new StringBuilder("sent_s,delay_ms\n");
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        sent.forEach((id, at) -> {
            Long raised = firstSeen.get(id + "|" + rule);
            if (raised != null) {
                delays.add((raised - at) / 1e9);
                each.append(String.format("%.3f,%.1f%n", (at - first) / 1e9, (raised - at) / 1e6));
            }
        });
        try {
            // Each alert's delay by when its frame was sent, to tell a steady tail from a stall.
            Files.writeString(WORK.resolve("delays-" + rule + "-" + System.nanoTime() + ".csv"), each);
            Files.write(WORK.resolve("stages-" + System.nanoTime() + ".csv"), STAGES);
            STAGES.clear();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return delays;
    }

    // --- the service, the broker, the database -----------------------------------------------

    /** A service of this run: its state and log start empty (a state left by an earlier run names another broker's changelog). */
    private ServiceProcess start(String name) throws Exception {
        BrokerProcess.deleteTree(WORK.resolve("state-" + name));
        Files.deleteIfExists(WORK.resolve(name + ".log"));
        List<String> jvm = new ArrayList<>();
        String options = System.getProperty("bench.jvm", "");
        if (!options.isBlank()) {
            jvm.addAll(List.of(options.trim().split("\\s+")));
        }
        if (Boolean.getBoolean("bench.jfr")) {
            jvm.add("-XX:StartFlightRecording=filename=" + WORK.resolve(name + "-" + System.nanoTime() + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        ServiceProcess service = new ServiceProcess(name, nextPort++, WORK, kafka.bootstrapServers(), postgres.reactiveUrl(),
                Map.of(), jvm);
        service.start();
        services.add(service);
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    /** The broker as an operator runs it: its own process, beside the service and the database. */
    private static BrokerProcess broker() throws Exception {
        return BrokerProcess.start(WORK.resolve("broker"));
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Records per second a plain consumer reads from the readings topic, from the beginning. */
    private double rawConsumerRate(long total) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.READINGS));
            long read = 0;
            long start = 0;
            while (read < total) {
                int n = consumer.poll(Duration.ofMillis(200)).count();
                if (n > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += n;
            }
            return total / ((System.nanoTime() - start) / 1e9);
        }
    }

    private long endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Milliseconds from the frame that raised an alert (its readingTs: the load dates each frame as
     * it sends it, on this machine's clock) to the alert's arrival.
     */
    private static void fromFrame(Map<String, Long> into, String key, String json) {
        Matcher ts = READING_TS.matcher(json);
        if (ts.find()) {
            long now = System.currentTimeMillis();
            long frame = Instant.parse(ts.group(1)).toEpochMilli();
            if (into.putIfAbsent(key, now - frame) == null) {
                Matcher at = STORED_AT.matcher(json);
                if (at.find()) {
                    // Where the time went: frame to stored (evaluation, transitions topic, database), stored to here.
                    long stored = Instant.parse(at.group(1)).toEpochMilli();
                    STAGES.add(String.format("%s,%d,%d,%d", key, frame, stored - frame, now - stored));
                }
            }
        }
    }

    private static final Pattern STORED_AT = Pattern.compile("\"at\":\"([^\"]+)\"");
    private static final List<String> STAGES = new CopyOnWriteArrayList<>();

    /** Seconds from the raising frame to the alert, for the sessions sent. */
    private static List<Double> fromFrame(Map<String, Long> seen, String rule, Map<String, Long> sent) {
        List<Double> delays = new ArrayList<>();
        sent.keySet().forEach(id -> {
            Long ms = seen.get(id + "|" + rule);
            if (ms != null) {
                delays.add(ms / 1000.0);
            }
        });
        return delays;
    }

    private static String describe(List<Double> delays) {
        if (delays.isEmpty()) {
            return "(none arrived)";
        }
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d alerts", 1000 * percentile(sorted, 0.5),
                1000 * percentile(sorted, 0.99), 1000 * sorted.get(sorted.size() - 1), sorted.size());
    }

    private static double p99(List<Double> delays) {
        if (delays.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return percentile(sorted, 0.99);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double max(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    private static void figure(String bench, String format, Object... args) {
        System.out.println("BENCH " + bench + ": " + String.format(format, args));
    }

    private void close() {
        services.forEach(ServiceProcess::close);
        postgres.close();
        kafka.close();
    }
}
