package org.dosewatch.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dosewatch.Topics;
import org.dosewatch.monitor.Transition;

import io.smallrye.common.annotation.Identifier;

/**
 * Where the rule engine's transitions go: {@link Topics#ALERT_TRANSITIONS}, keyed by session.
 * {@link #append} is called while the session's monitor is held, so the transitions of one
 * session (from its frames, its ticks and its clinicians' records alike) reach the topic in the
 * order the rules produced them. One idempotent producer: a retried send is never written twice
 * and never overtakes a later one.
 */
@ApplicationScoped
public class TransitionLog {

    private final KafkaProducer<String, byte[]> producer;
    private final TransitionCodec codec;

    public TransitionLog(@Identifier("default-kafka-broker") Map<String, Object> kafka, TransitionCodec codec) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().removeIf(key -> !ProducerConfig.configNames().contains(key)
                && !key.startsWith("ssl.") && !key.startsWith("sasl.") && !key.equals("security.protocol"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "dosewatch-transitions-" + ProcessHandle.current().pid());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A send waits for the broker's metadata at most this long; the reading is then not acknowledged.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.codec = codec;
    }

    /** Sends one transition; the future completes once the broker has it. */
    public CompletableFuture<Void> append(Transition transition) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(Topics.ALERT_TRANSITIONS, transition.sessionId(), codec.encode(transition)),
                    (metadata, error) -> {
                        if (error == null) {
                            written.complete(null);
                        } else {
                            written.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
