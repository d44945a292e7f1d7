package org.dosewatch.reading;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dosewatch.Channels;
import org.dosewatch.Topics;
import org.dosewatch.history.VitalsHistory;
import org.dosewatch.rules.RuleEngine;
import org.dosewatch.session.SessionDirectory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

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
    private final int deadLetterLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LogLimit logLimit = new LogLimit(20);

    /** Dead letters on their way to the broker before the consumer waits for them. */
    static final int DEAD_LETTERS_IN_FLIGHT = 1000;
    /** What a truncated dead letter keeps of its record: enough to tell the device and the fault. */
    static final int TRUNCATED_BYTES = 4096;

    public ReadingConsumer(ReadingDecoder decoder, FrameOrder frameOrder, SessionDirectory sessions,
                           LatestVitals latest, RuleEngine rules, VitalsHistory history, ReadingMetrics metrics,
                           @Channel(Channels.READINGS_DLQ) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2 * DEAD_LETTERS_IN_FLIGHT)
                           MutinyEmitter<byte[]> deadLetters,
                           @ConfigProperty(name = "dosewatch.readings.dead-letter-limit", defaultValue = "1000000") int deadLetterLimit) {
        this.decoder = decoder;
        this.frameOrder = frameOrder;
        this.sessions = sessions;
        this.latest = latest;
        this.rules = rules;
        this.history = history;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.deadLetterLimit = deadLetterLimit;
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

    /**
     * Copies a record to the dead-letter topic as it came, with the reason and its origin in
     * headers. Sends are not waited for one by one: up to {@link #DEAD_LETTERS_IN_FLIGHT} are on
     * their way at once and each record is acknowledged when its copy is stored, so a flood of
     * bad records moves as fast as good ones; beyond that the consumer waits. A copy that would
     * exceed the broker's record limit keeps the reason, the origin and the first bytes.
     */
    private Uni<Void> deadLetter(Message<byte[]> record, IncomingKafkaRecordMetadata<String, byte[]> origin,
                                 String field, String reason) {
        metrics.rejected(field);
        if (logLimit.allow()) {
            Log.warnf("Reading at %s-%d@%d dead-lettered: %s", origin.getTopic(), origin.getPartition(), origin.getOffset(),
                    abbreviated(reason));
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-topic", origin.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-partition", Integer.toString(origin.getPartition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-offset", Long.toString(origin.getOffset()).getBytes(StandardCharsets.UTF_8));
        byte[] value = record.getPayload();
        if (value != null && value.length + headerBytes(headers) + keyBytes(origin.getKey()) > deadLetterLimit) {
            headers.add("dlq-truncated", Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
            value = Arrays.copyOf(value, TRUNCATED_BYTES);
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(origin.getKey())
                .withHeaders(headers)
                .build();
        Uni<Void> stored = deadLetters.sendMessage(Message.of(value).addMetadata(metadata))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .onTermination().invoke(inFlight::decrementAndGet)
                .chain(() -> ack(record));
        if (inFlight.incrementAndGet() > DEAD_LETTERS_IN_FLIGHT) {
            return stored;
        }
        stored.subscribe().with(done -> { }, e -> {
            Log.errorf("Dead letter of %s-%d@%d could not be stored: %s", origin.getTopic(), origin.getPartition(),
                    origin.getOffset(), e.getMessage());
            record.nack(e);
        });
        return Uni.createFrom().voidItem();
    }

    private static int headerBytes(RecordHeaders headers) {
        int size = 0;
        for (var header : headers) {
            size += header.key().length() + header.value().length + 8;
        }
        return size;
    }

    private static int keyBytes(String key) {
        return key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
    }

    /** At most so many dead-letter lines a second, and one line saying how many were left out: a flood must not flood the log. */
    private static final class LogLimit {
        private final int perSecond;
        private long second;
        private int logged;
        private int skipped;

        LogLimit(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized boolean allow() {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                if (skipped > 0) {
                    Log.warnf("%d more readings dead-lettered in the last second (see dosewatch_readings_rejected_total)", skipped);
                }
                second = now;
                logged = 0;
                skipped = 0;
            }
            if (logged < perSecond) {
                logged++;
                return true;
            }
            skipped++;
            return false;
        }
    }

    private static String abbreviated(String reason) {
        return reason.length() <= 300 ? reason : reason.substring(0, 300) + "...";
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
