package org.dosewatch.reading;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * The log is the state: when this instance is given partitions of {@code vitals.readings}
 * (at start, after a crash, in a rebalance), it reads them again from the rebuild window before
 * the committed position, so the rule engine of every session there has its windows, baseline
 * and open episodes back. Alert ids are deterministic and the alert store ignores transitions it
 * already reflects, so the replay raises nothing twice; frames this instance has already
 * evaluated are recognised as duplicates and skipped.
 */
@ApplicationScoped
@Identifier(RebuildOnAssignment.NAME)
public class RebuildOnAssignment implements KafkaConsumerRebalanceListener {

    public static final String NAME = "readings-rebuild";

    private final Clock clock;
    private final Duration window;

    public RebuildOnAssignment(Clock clock,
                               @ConfigProperty(name = "dosewatch.readings.rebuild-window", defaultValue = "PT15M") Duration window) {
        this.clock = clock;
        this.window = window;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || window.isZero()) {
            return;
        }
        long since = clock.millis() - window.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
        found.forEach((partition, start) -> {
            if (start == null) {
                return;
            }
            long position = consumer.position(partition, Duration.ofSeconds(10));
            if (start.offset() < position) {
                consumer.seek(partition, start.offset());
                Log.infof("Rebuilding session state of %s: reading %d records again from offset %d", partition,
                        position - start.offset(), start.offset());
            }
        });
    }
}
