package org.dosewatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** A monitor and an integrator as the tests play them: plain Kafka clients on the test broker. */
public final class TestKafka {

    /** A record as read: its key, its value, the value of the header asked for, and all its headers. */
    public record Received(String key, String value, String header, Map<String, String> headers) {
    }

    private TestKafka() {
    }

    /** Sends records as a monitor would, keyed by session id, and waits until the broker has them. */
    public static void send(String topic, String key, String... values) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
        }
        sendKeyed(topic, records);
    }

    /** Sends records of many keys (session ids) in one producer, as a ward of monitors would, and waits until the broker has them. */
    public static void sendKeyed(String topic, List<Map.Entry<String, String>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndPostgres.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, String> record : records) {
                String value = record.getValue();
                producer.send(new ProducerRecord<>(topic, record.getKey(), value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Every record with this key that {@code topic} holds now, read from the beginning for {@code within}. */
    public static List<Received> recordsNow(String topic, String key, String header, Duration within) {
        List<Received> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = fromTheBeginning(topic)) {
            long end = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < end) {
                poll(consumer, key, header, received);
            }
        }
        return received;
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records with this key have
     * arrived, returning each with the value of header {@code header}.
     */
    public static List<Received> awaitRecords(String topic, String key, int count, String header) {
        List<Received> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = fromTheBeginning(topic)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll(consumer, key, header, received);
                return received.size() >= count;
            });
        }
        return received;
    }

    private static KafkaConsumer<String, byte[]> fromTheBeginning(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndPostgres.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** One poll: the records with this key, each with the value of {@code header}. */
    private static void poll(KafkaConsumer<String, byte[]> consumer, String key, String header, List<Received> received) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (key.equals(record.key())) {
                Header h = record.headers().lastHeader(header);
                Map<String, String> headers = new LinkedHashMap<>();
                record.headers().forEach(each -> headers.put(each.key(), new String(each.value(), StandardCharsets.UTF_8)));
                received.add(new Received(record.key(),
                        record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                        h == null ? null : new String(h.value(), StandardCharsets.UTF_8), headers));
            }
        }
    }
}
