package org.dosewatch.rules;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * A record's time is when it was written to the log (its producer's or the broker's timestamp):
 * frames and the clock's ticks are taken in that order. A record without one (a producer of
 * another age) takes its partition's newest time, or now on a partition not yet read, so it is
 * evaluated all the same, never dropped and never stopping the task.
 */
final class LoggedTime implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
    }
}
