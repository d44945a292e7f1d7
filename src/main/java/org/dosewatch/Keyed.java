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
}
