package org.dosewatch.alert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dosewatch.Channels;
import org.dosewatch.monitor.Transition;
import org.dosewatch.rules.TransitionCodec;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Takes the rule engine's transitions off {@link org.dosewatch.Topics#ALERT_TRANSITIONS} a poll at
 * a time and has them stored as one batch; the poll is acknowledged (its offsets committed) only
 * once they are stored and their events sent. Instances share the topic's partitions through
 * one consumer group, so the transitions of one session are applied in order by one instance.
 */
@ApplicationScoped
public class TransitionConsumer {

    private final AlertService alerts;
    private final TransitionCodec codec;
    private final AlertMetrics metrics;

    public TransitionConsumer(AlertService alerts, TransitionCodec codec, AlertMetrics metrics) {
        this.alerts = alerts;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Incoming(Channels.TRANSITIONS_IN)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Transition> transitions = new ArrayList<>(records.count());
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            // A transition's record carries the time its frame (or tick) was written to the log.
            metrics.transitionTaken(record.timestamp(), now);
            try {
                transitions.add(codec.decode(record.value()));
            } catch (IOException | RuntimeException e) {
                // Written only by DoseWatch itself: one it cannot read is a bug to see, not a reason to stop alerting.
                Log.errorf("Unreadable alert transition skipped: %s", e.getMessage());
            }
        }
        return alerts.apply(transitions);
    }
}
