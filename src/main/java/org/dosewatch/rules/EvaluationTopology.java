package org.dosewatch.rules;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.dosewatch.Topics;
import org.dosewatch.reading.DeadLetterLog;
import org.dosewatch.reading.LatestVitals;
import org.dosewatch.monitor.Reading;
import org.dosewatch.reading.ReadingDecoder;
import org.dosewatch.reading.ReadingMetrics;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The evaluation path as a Kafka Streams topology:
 *
 * <pre>
 * vitals.readings --+--> evaluate (SessionEvaluator, state store session-states: RocksDB, changelogged)
 * dosewatch.clock ---'      |--> dosewatch.alert-transitions   (key: session)
 *                        '--> vitals.readings.dlq           (bad records, with their reason)
 * vitals.sessions --> session-facts (a global table: every instance knows every session's record)
 * </pre>
 *
 * Instances share the partitions of {@code vitals.readings} (and the same partitions of the
 * clock's ticks) through the application id; a session's state lives in the changelog of its
 * store, with a standby copy on another instance, so a session moves, or survives a crash,
 * without its readings being read again. Processing is exactly once: each commit is one Kafka
 * transaction holding the states, transitions, dead letters and input offsets since the last.
 */
@ApplicationScoped
public class EvaluationTopology {

    static final String SESSION_STATES = "session-states";
    static final String SESSION_FACTS = "session-facts";
    static final String TRANSITIONS_SINK = "alert-transitions";
    static final String DEAD_LETTER_SINK = "dead-letters";
    /** What a truncated dead letter keeps of its record: enough to tell the device and the fault. */
    public static final int TRUNCATED_BYTES = 4096;
    /** How much of the sessions' changelog is written before it can be compacted. */
    static final Duration CHANGELOG_SEGMENT = Duration.ofMinutes(1);

    /**
     * What the evaluator of each stream task works with.
     *
     * @param admitted what else happens to a frame that is evaluated: its session opened in the
     *                 database, its latest vitals and its history kept, the frame archived for review
     */
    record Parts(ReadingDecoder decoder, ReadingMetrics metrics, DeadLetterLog deadLetterLog, FrameListener admitted,
                 RuleEngine engine, SessionFactsReader facts, TransitionCodec codec, int deadLetterLimit) {
    }

    private final Parts parts;

    @Inject
    public EvaluationTopology(ReadingDecoder decoder, ReadingMetrics metrics, DeadLetterLog deadLetterLog,
                              LatestVitals latest, @jakarta.enterprise.inject.Any jakarta.enterprise.inject.Instance<FrameListener> all,
                              RuleEngine engine,
                              SessionFactsReader facts, TransitionCodec codec,
                              @ConfigProperty(name = "dosewatch.readings.dead-letter-limit", defaultValue = "1000000") int deadLetterLimit) {
        this(new Parts(decoder, metrics, deadLetterLog, new FrameListener() {
            private final java.util.List<FrameListener> listeners = all.stream().toList();

            @Override
            public void admitted(Reading reading, long receivedMillis) {
                latest.update(reading);
                for (FrameListener listener : listeners) {
                    listener.admitted(reading, receivedMillis);
                }
            }

            @Override
            public void ended(String sessionId) {
                for (FrameListener listener : listeners) {
                    listener.ended(sessionId);
                }
            }
        }, engine, facts, codec, deadLetterLimit));
    }

    EvaluationTopology(Parts parts) {
        this.parts = parts;
    }

    @Produces
    public Topology topology() {
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SESSION_FACTS), Serdes.String(),
                                Serdes.ByteArray()).withLoggingDisabled(),
                "sessions", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.SESSIONS,
                "session-records", () -> new FactsTable());
        // A new deployment reads the readings kept on the topic, and the clock from now on.
        topology.addSource(AutoOffsetReset.earliest(), "readings", new LoggedTime(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.READINGS);
        topology.addSource(AutoOffsetReset.latest(), "clock", new LoggedTime(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.CLOCK);
        topology.addProcessor("evaluate", () -> new SessionEvaluator(parts), "readings", "clock");
        // On disk (RocksDB): a cleanly stopped instance reads back only what its changelog gained
        // since. A crashed one reads the whole changelog (exactly-once cannot trust a store that may
        // hold an unfinished transaction), so the changelog is kept short: its segments roll every
        // minute and are compacted soon, leaving little more than one state per session to read.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSION_STATES),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of(
                        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(CHANGELOG_SEGMENT.toMillis()),
                        TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024),
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1")), "evaluate");
        topology.addSink(TRANSITIONS_SINK, Topics.ALERT_TRANSITIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "evaluate");
        topology.addSink(DEAD_LETTER_SINK, Topics.READINGS_DLQ, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "evaluate");
        return topology;
    }

    /** Keeps the newest record of every session; a record without value (a tombstone) removes it. */
    private static final class FactsTable implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(SESSION_FACTS);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
