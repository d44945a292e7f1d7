package org.dosewatch.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/**
 * What one run of a benchmark stands on: its own Kafka broker and PostgreSQL, the packaged
 * service started as processes, and plain Kafka clients to load it and watch it.
 */
final class BenchStack implements AutoCloseable {

    static final Path WORK = Path.of("target", "bench").toAbsolutePath();

    private final BrokerProcess kafka;
    private final LocalPostgres postgres;
    private final List<ServiceProcess> services = new ArrayList<>();
    private int nextPort = 18080;

    private BenchStack(BrokerProcess kafka, LocalPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** A broker as an operator runs it (its own process) and a database, beside the services to come. */
    static BenchStack start() throws Exception {
        Files.createDirectories(WORK);
        return new BenchStack(BrokerProcess.start(WORK.resolve("broker")), LocalPostgres.start(WORK));
    }

    /** A service of this run: its state and log start empty (a state left by an earlier run names another broker's changelog). */
    ServiceProcess service(String name) throws Exception {
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

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Records per second a plain consumer reads from the readings topic, from the beginning. */
    double rawConsumerRate(long total) {
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

    long endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    // --- frames as a monitor sends them ------------------------------------------------------

    static String session(String prefix, int index) {
        return String.format("%s-%05d", prefix, index);
    }

    static String frame(String session, long seq, Instant ts, double spo2) {
        return "{\"sessionId\":\"" + session + "\",\"deviceId\":\"" + session + "-m\",\"seq\":" + seq + ",\"ts\":\"" + ts
                + "\",\"hr\":80,\"rr\":14,\"spo2\":" + (int) spo2 + "}";
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static void send(KafkaProducer<String, byte[]> producer, String json) {
        String session = json.substring(14, json.indexOf('"', 14));
        producer.send(new ProducerRecord<>(Topics.READINGS, session, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::close);
        postgres.close();
        kafka.close();
    }
}
