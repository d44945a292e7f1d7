package org.dosewatch.reading;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dosewatch.Channels;
import org.dosewatch.Topics;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.session.SessionDirectory;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Takes monitor frames from {@link Topics#READINGS}. A frame that breaks the contract goes to
 * {@link Topics#READINGS_DLQ} with a {@link Topics#DLQ_REASON} header and the consumer moves on;
 * a duplicate or older frame is counted and not evaluated; a new frame updates its session.
 * The record is acknowledged (and its offset becomes committable) only after all of that is
 * done, so a crash replays it rather than losing it. No database call waits on this path.
 */
@ApplicationScoped
public class ReadingConsumer {

    private final ReadingDecoder decoder;
    private final FrameOrder frameOrder;
    private final SessionDirectory sessions;
    private final LatestVitals latest;
    private final RuleEngine rules;
    private final VitalsHistory history;
    private final ReadingMetrics metrics;
    private final MutinyEmitter<byte[]> deadLetters;

    public ReadingConsumer(ReadingDecoder decoder, FrameOrder frameOrder, SessionDirectory sessions,
                           LatestVitals latest, RuleEngine rules, VitalsHistory history, ReadingMetrics metrics,
                           @Channel(Channels.READINGS_DLQ) MutinyEmitter<byte[]> deadLetters) {
        this.decoder = decoder;
        this.frameOrder = frameOrder;
        this.sessions = sessions;
        this.latest = latest;
        this.rules = rules;
        this.history = history;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.READINGS_IN)
    public Uni<Void> consume(Message<byte[]> record) {
        IncomingKafkaRecordMetadata<String, byte[]> origin = origin(record);
        long start = System.nanoTime();
        metrics.consumed();
        Reading reading;
        try {
            reading = decoder.decode(record.getPayload());
            requireKeyMatches(origin.getKey(), reading);
        } catch (InvalidReadingException e) {
            return deadLetter(record, origin, e.field() == null ? "frame" : e.field(), e.getMessage());
        }
        Uni<Void> evaluated;
        try {
            evaluated = evaluate(reading);
        } catch (RuntimeException e) {
            return failed(record, origin, reading, e);
        }
        return evaluated
                .invoke(() -> metrics.processed(start))
                .chain(() -> ack(record))
                .onFailure().recoverWithUni(e -> {
                    Log.errorf("Alert transitions of reading %s/%d of session %s could not be written: %s", reading.deviceId(),
                            reading.seq(), reading.sessionId(), e.getMessage());
                    return deadLetter(record, origin, "alerts", "alert transitions could not be written: " + e.getMessage());
                });
    }

    private Uni<Void> evaluate(Reading reading) {
        FrameOrder.Verdict verdict = frameOrder.admit(reading);
        metrics.ignored(verdict);
        if (!verdict.admitted()) {
            return Uni.createFrom().voidItem();
        }
        metrics.accepted();
        sessions.seen(reading.sessionId());
        latest.update(reading);
        history.add(reading);
        return rules.evaluate(reading);
    }

    private Uni<Void> failed(Message<byte[]> record, IncomingKafkaRecordMetadata<String, byte[]> origin, Reading reading,
                             RuntimeException e) {
        Log.errorf(e, "Reading %s/%d of session %s could not be processed", reading.deviceId(), reading.seq(),
                reading.sessionId());
        return deadLetter(record, origin, "processing", "processing failed: " + Objects.toString(e.getMessage(), "internal error"));
    }

    private static void requireKeyMatches(String key, Reading reading) {
        // The key decides the partition, and the partition is what keeps a session's frames in order.
        if (key != null && !key.equals(reading.sessionId())) {
            throw new InvalidReadingException("key", "record key '" + key + "' is not the sessionId '"
                    + reading.sessionId() + "'; key readings by session id so they stay in order");
        }
    }

    private Uni<Void> deadLetter(Message<byte[]> record, IncomingKafkaRecordMetadata<String, byte[]> origin,
                                 String field, String reason) {
        metrics.rejected(field);
        Log.warnf("Reading at %s-%d@%d dead-lettered: %s", origin.getTopic(), origin.getPartition(), origin.getOffset(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-topic", origin.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-partition", Integer.toString(origin.getPartition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-offset", Long.toString(origin.getOffset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(origin.getKey())
                .withHeaders(headers)
                .build();
        return deadLetters.sendMessage(Message.of(record.getPayload()).addMetadata(metadata))
                .chain(() -> ack(record));
    }

    @SuppressWarnings("unchecked")
    private static IncomingKafkaRecordMetadata<String, byte[]> origin(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("readings must come from Kafka"));
    }

    private static Uni<Void> ack(Message<?> record) {
        return Uni.createFrom().completionStage(record::ack);
    }
}
