package org.dosewatch;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Records for our topics are keyed by session id, so one session's records stay in order on one partition. */
public final class Keyed {

    private Keyed() {
    }

    public static <T> Message<T> bySession(String sessionId, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(sessionId).build());
    }

    /** Keyed by session, with the session's unit (if any) in the header {@code dosewatch-unit}, which the feeds filter by. */
    public static <T> Message<T> bySession(String sessionId, String unit, T payload) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(sessionId);
        if (unit != null) {
            metadata.withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders()
                    .add(UNIT_HEADER, unit.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return Message.of(payload).addMetadata(metadata.build());
    }

    /** The Kafka header that carries the unit of a record's session. */
    public static final String UNIT_HEADER = "dosewatch-unit";
}
