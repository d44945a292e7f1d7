package org.dosewatch.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

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
import org.dosewatch.Topics;
import org.dosewatch.testing.BrokerProcess;
import org.dosewatch.testing.LocalPostgres;
import org.dosewatch.testing.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of a seeded ward through a whole stack of its own (a broker process, PostgreSQL, the
 * packaged service as a process), with or without faults, ending with every alert of the run
 * and its audit trail as a clinician reads them:
 *
 * <ol>
 * <li>the sessions are registered and dosed, then their frames streamed from a plain Kafka
 *     producer, faster than real time, in device-time order;</li>
 * <li>meanwhile the faults: the service {@code kill -9}ed at random moments and started again
 *     under the same name, and the broker stopped and started again after {@code faults.broker-down} s (2);</li>
 * <li>once every frame is evaluated, the monitors fall silent (SIGNAL_LOSS for each), a
 *     clinician acknowledges every ACTIVE alert and ends every session;</li>
 * <li>the alerts and their events are read over the API, and every event stored is checked
 *     against what {@code vitals.alerts} carried.</li>
 * </ol>
 */
final class FaultRun {

    /** The faults of a run: kills of the service, and whether the broker is restarted once. */
    record Faults(int kills, boolean brokerRestart, long seed) {
        static final Faults NONE = new Faults(0, false, 0);

        String describe() {
            return kills == 0 && !brokerRestart ? "no faults"
                    : kills + " kill -9" + (brokerRestart ? " and a broker restart" : "");
        }
    }

    /** What a run left: its alerts, what was wrong on vitals.alerts, and what the faults did. */
    record Outcome(AlertLedger ledger, List<String> published, List<String> log, Duration readyAfterBroker) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The test's own Kafka clients complain at every broker restart; the run's log says what happened. */
    private static final java.util.logging.Logger KAFKA_CLIENTS = java.util.logging.Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_CLIENTS.setLevel(java.util.logging.Level.SEVERE);
    }

    /** Long enough that no sweep escalation, which counts wall-clock minutes nobody acknowledged, falls in a run. */
    private static final Map<String, String> SETTINGS = Map.of(
            "DOSEWATCH_ALERTS_ESCALATE_HIGH_AFTER", "PT10H",
            "DOSEWATCH_ALERTS_ESCALATE_MEDIUM_AFTER", "PT10H");

    private final Path work;
    private final String name;
    private final FaultWorkload workload;
    private final double speed;
    private final List<String> log = new CopyOnWriteArrayList<>();

    FaultRun(Path work, String name, FaultWorkload workload, double speed) {
        this.work = work.resolve(name);
        this.name = name;
        this.workload = workload;
        this.speed = speed;
    }

    Outcome run(Faults faults) throws Exception {
        BrokerProcess.deleteTree(work);
        BrokerProcess broker = BrokerProcess.start(work.resolve("broker"));
        try (LocalPostgres postgres = LocalPostgres.start(work);
             ServiceProcess service = new ServiceProcess(name, freePort(), work, broker.bootstrapServers(), postgres.reactiveUrl(),
                     SETTINGS, List.of())) {
            service.start();
            service.awaitReady(Duration.ofMinutes(3));
            Clinic clinic = new Clinic(service.url());
            for (FaultWorkload.Ward session : workload.sessions()) {
                clinic.register(session);
            }
            Duration[] readyAfterBroker = {null};
            Thread faulting = new Thread(() -> inject(faults, service, broker, readyAfterBroker), name + "-faults");
            faulting.start();
            stream(broker.bootstrapServers());
            faulting.join();
            note("stream and faults done");
            service.awaitReady(Duration.ofMinutes(3));
            settle(clinic, service);
            AlertLedger ledger = clinic.ledger(ids());
            Files.writeString(work.resolve("ledger.txt"), String.join("\n", ledger.alerts().values().stream()
                    .map(a -> a.describe() + "\n    " + a.events()).toList()), StandardCharsets.UTF_8);
            List<String> published = published(broker.bootstrapServers(), ledger);
            return new Outcome(ledger, published, List.copyOf(log), readyAfterBroker[0]);
        } finally {
            broker.close();
        }
    }

    private List<String> ids() {
        return workload.sessions().stream().map(FaultWorkload.Ward::id).toList();
    }

    /** The ward's frames at {@code speed} times device time, as its monitors send them, each dated as it is sent. */
    private void stream(String kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A gateway keeps its frames through a broker restart and sends them when it is back.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        List<FaultWorkload.Sent> frames = workload.inOrder();
        Instant first = frames.get(0).frame().ts();
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (FaultWorkload.Sent sent : frames) {
                long due = begin + (long) (Duration.between(first, sent.frame().ts()).toNanos() / speed);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(Topics.READINGS, sent.session().id(),
                        sent.frame().toJson().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        note("streamed %d frames of %d sessions in %.0f s", frames.size(), workload.sessions().size(),
                (System.nanoTime() - begin) / 1e9);
    }

    /**
     * The kills, each a few seconds after the service is ready again, and the broker's restart
     * halfway through them; readiness is timed from the broker's return.
     */
    private void inject(Faults faults, ServiceProcess service, BrokerProcess broker, Duration[] readyAfterBroker) {
        Random random = new Random(faults.seed());
        int brokerAfter = faults.brokerRestart() ? faults.kills() / 2 : -1;
        try {
            for (int i = 0; i <= faults.kills(); i++) {
                if (i == brokerAfter) {
                    Thread.sleep(2000 + random.nextInt(8000));
                    broker.stop();
                    note("broker stopped");
                    // Down for less than SIGNAL_LOSS's 15 s, stop and start included: a longer outage can
                    // raise SIGNAL_LOSS for sessions whose buffered frames reach the log after the first
                    // tick that follows it (docs/operations.md, scaling and restarts); -Dfaults.broker-down=10 shows it.
                    Thread.sleep(Long.getLong("faults.broker-down", 2) * 1000);
                    broker.startAgain();
                    long back = System.nanoTime();
                    note("broker started again");
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(service::ready);
                    readyAfterBroker[0] = Duration.ofNanos(System.nanoTime() - back);
                    note("service ready %.1f s after the broker came back", readyAfterBroker[0].toMillis() / 1000.0);
                }
                if (i == faults.kills()) {
                    break;
                }
                Thread.sleep(3000 + random.nextInt(9000));
                service.kill();
                note("kill -9 number %d", i + 1);
                service.start();
                service.awaitReady(Duration.ofMinutes(3));
                note("ready again after kill %d", i + 1);
            }
        } catch (Exception e) {
            note("fault injection failed: %s", e);
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every frame is evaluated and the silence after the last one noticed; then a
     * clinician acknowledges every ACTIVE alert and ends every session, and the alerts settle.
     */
    private void settle(Clinic clinic, ServiceProcess service) throws Exception {
        for (FaultWorkload.Ward session : workload.sessions()) {
            String last = session.lastFrame().toString();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> last.equals(clinic.latestTs(session.id())));
        }
        note("every frame evaluated");
        for (FaultWorkload.Ward session : workload.sessions()) {
            String silentFrom = session.lastFrame().toString();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> clinic.alerts(session.id())
                        .stream().anyMatch(a -> a.path("rule").asText().equals("SIGNAL_LOSS")
                                && a.path("onsetTs").asText().equals(silentFrom)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new IllegalStateException("No SIGNAL_LOSS from " + silentFrom + " for " + session.id() + " within 2 min; "
                        + "the newest tick taken is " + service.metric("dosewatch_clock_tick_age_seconds") + " s old; its alerts: "
                        + clinic.alerts(session.id()).stream().map(a -> a.path("rule").asText() + "@" + a.path("onsetTs").asText()
                        + "/" + a.path("state").asText()).toList(), e);
            }
        }
        quiet(clinic);
        List<JsonNode> active = new ArrayList<>();
        for (String id : ids()) {
            clinic.alerts(id).stream().filter(a -> a.path("state").asText().equals("ACTIVE")).forEach(active::add);
        }
        active.sort(Comparator.comparing((JsonNode a) -> a.path("sessionId").asText()).thenComparing(a -> a.path("rule").asText())
                .thenComparing(a -> a.path("onsetTs").asText()));
        for (JsonNode alert : active) {
            clinic.acknowledge(alert.path("alertId").asText());
        }
        for (String id : ids()) {
            clinic.end(id);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : ids()) {
                if (clinic.alerts(id).stream().anyMatch(a -> !a.path("state").asText().equals("RESOLVED"))) {
                    return false;
                }
            }
            return true;
        });
        quiet(clinic);
        note("acknowledged %d alerts, ended every session", active.size());
    }

    /** Until the alerts' versions have not moved for five seconds. */
    private void quiet(Clinic clinic) {
        Map<String, Integer> seen = new HashMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).until(() -> {
            Map<String, Integer> now = new HashMap<>();
            for (String id : ids()) {
                clinic.alerts(id).forEach(a -> now.put(a.path("alertId").asText(), a.path("version").asInt()));
            }
            boolean still = now.equals(seen);
            seen.clear();
            seen.putAll(now);
            return still;
        });
    }

    /**
     * Every event of the ledger is on vitals.alerts, nothing is there that the ledger lacks, and
     * an event sent twice (allowed: consumers are idempotent on alert id and version) is the same
     * event both times. Answers what is wrong.
     */
    private List<String> published(String kafka, AlertLedger ledger) throws IOException {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-audit-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<JsonNode>> onTopic = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(Topics.ALERTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = JSON.readTree(record.value());
                    onTopic.computeIfAbsent(event.path("alertId").asText() + " v" + event.path("version").asInt(),
                            k -> new ArrayList<>()).add(event);
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, String>> stored = new HashMap<>();
        ledger.alerts().values().forEach(a -> a.events().forEach(e -> stored.put(a.alertId() + " v" + e.get("version"), e)));
        stored.forEach((key, event) -> {
            if (!onTopic.containsKey(key)) {
                wrong.add("stored, never published: " + key + " " + event);
            }
        });
        onTopic.forEach((key, events) -> {
            if (!stored.containsKey(key)) {
                wrong.add("published, never stored: " + key + " " + events.get(0));
            } else if (events.stream().map(e -> AlertLedger.alert(e, JSON.createArrayNode().add(e)).events()).distinct().count() > 1) {
                wrong.add("published twice with different content: " + key + " " + events);
            }
        });
        Collections.sort(wrong);
        return wrong;
    }

    private void note(String format, Object... args) {
        String line = String.format("%s [%s] ", Instant.now(), name) + String.format(format, args);
        log.add(line);
        System.out.println(line);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
