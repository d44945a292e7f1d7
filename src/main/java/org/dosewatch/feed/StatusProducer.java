package org.dosewatch.feed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.dosewatch.Channels;
import org.dosewatch.Keyed;
import org.dosewatch.Topics;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Sends session statuses to {@code vitals.status} with the status channel's own producer (its
 * configuration, its metrics, its health check), many at a time on the producer's sending thread,
 * rather than one reactive message each: with thousands of sessions, the per-message machinery
 * would cost more than the statuses themselves.
 */
@ApplicationScoped
public class StatusProducer {

    private final KafkaClientService kafka;

    /**
     * @param channel never sent through: injected so that the channel's sink, and with it the
     *                producer this bean sends with, is wired
     */
    public StatusProducer(@Channel(Channels.STATUS_OUT) MutinyEmitter<SessionStatus> channel, KafkaClientService kafka) {
        this.kafka = kafka;
    }

    /**
     * Hands the status of every item to the producer together and returns once they are all
     * handed over; {@code sent} hears of each item, with the broker's error or null, as the broker
     * answers.
     */
    public <T> void sendAll(List<T> items, Function<T, SessionStatus> status, BiConsumer<T, Exception> sent) {
        kafka.<String, SessionStatus>getProducer(Channels.STATUS_OUT).runOnSendingThread(producer -> {
            for (T item : items) {
                producer.send(record(status.apply(item)), (metadata, error) -> sent.accept(item, error));
            }
        }).await().indefinitely();
    }

    /** Keyed by session; the unit also travels as a header, so a feed passes a unit's statuses without reading them. */
    private static ProducerRecord<String, SessionStatus> record(SessionStatus status) {
        ProducerRecord<String, SessionStatus> record = new ProducerRecord<>(Topics.STATUS, status.sessionId(), status);
        if (status.unit() != null) {
            record.headers().add(Keyed.UNIT_HEADER, status.unit().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
