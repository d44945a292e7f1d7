package org.dosewatch.rules;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.dosewatch.Topics;

/** The dead-letter topic of the evaluation: a record the rules cannot take goes there with its reason, never lost. */
final class DeadLetters {

    private final EvaluationTopology.Parts parts;

    DeadLetters(EvaluationTopology.Parts parts) {
        this.parts = parts;
    }

    /**
     * Copies a record to the dead-letter topic as it came, with the reason and its origin in
     * headers; the stream's producer batches the copies, so a flood of bad records moves as fast
     * as good ones. A copy that would exceed the broker's record limit keeps the reason, the origin
     * and the first bytes.
     */
    void send(ProcessorContext<String, byte[]> context, Record<String, byte[]> record, String field, String reason) {
        parts.metrics().rejected(field);
        RecordMetadata origin = context.recordMetadata().orElse(null);
        String topic = origin == null ? Topics.READINGS : origin.topic();
        int partition = origin == null ? -1 : origin.partition();
        long offset = origin == null ? -1 : origin.offset();
        parts.deadLetterLog().warn(topic, partition, offset, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-topic", topic.getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-partition", Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq-offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        byte[] value = record.value();
        if (value != null && value.length + headerBytes(headers) + keyBytes(record.key()) > parts.deadLetterLimit()) {
            headers.add("dlq-truncated", Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
            value = Arrays.copyOf(value, EvaluationTopology.TRUNCATED_BYTES);
        }
        context.forward(new Record<>(record.key(), value, record.timestamp(), headers), EvaluationTopology.DEAD_LETTER_SINK);
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
}
