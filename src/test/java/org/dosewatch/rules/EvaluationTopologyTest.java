package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.dosewatch.Topics;
import org.dosewatch.monitor.Profiles;
import org.dosewatch.monitor.RuleId;
import org.dosewatch.monitor.Transition;
import org.dosewatch.reading.DeadLetterLog;
import org.dosewatch.reading.Reading;
import org.dosewatch.reading.ReadingDecoder;
import org.dosewatch.reading.ReadingMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The evaluation topology on its own, driven record by record and second by second: frame
 * order, the wall-clock tick on the stream thread, device clocks and the session record.
 */
class EvaluationTopologyTest {

    /** Device time of the first frame; the receiving clock starts a minute later. */
    private static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");
    private static final Instant WALL = T0.plusSeconds(60);

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final TransitionCodec codec = new TransitionCodec(mapper);
    private final List<Reading> admitted = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> readings;
    private TestInputTopic<String, String> sessions;
    private TestOutputTopic<String, byte[]> transitions;
    private TestOutputTopic<String, byte[]> deadLetters;
    private EvaluationTopology.Parts parts;

    @BeforeEach
    void start() {
        RuleEngine engine = new RuleEngine(new SimpleMeterRegistry());
        parts = new EvaluationTopology.Parts(
                new ReadingDecoder(mapper, Clock.fixed(WALL, ZoneOffset.UTC), Duration.ofSeconds(60)),
                new ReadingMetrics(new SimpleMeterRegistry()), new DeadLetterLog(), (reading, received) -> admitted.add(reading), engine,
                new SessionFactsReader(Profiles.ruleProfiles(), mapper), codec, Duration.ofSeconds(60), 1_000_000);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluation-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(new EvaluationTopology(parts).topology(), config, WALL);
        readings = driver.createInputTopic(Topics.READINGS, Serdes.String().serializer(), Serdes.String().serializer());
        sessions = driver.createInputTopic(Topics.SESSIONS, Serdes.String().serializer(), Serdes.String().serializer());
        transitions = driver.createOutputTopic(Topics.ALERT_TRANSITIONS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(Topics.READINGS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static String frame(String session, long seq, Instant ts, double spo2) {
        return "{\"sessionId\": \"" + session + "\", \"deviceId\": \"" + session + "-m\", \"seq\": " + seq + ", \"ts\": \""
                + ts + "\", \"hr\": 80, \"rr\": 14, \"spo2\": " + spo2 + "}";
    }

    private List<Transition> transitions() {
        List<Transition> out = new ArrayList<>();
        for (TestRecord<String, byte[]> record : transitions.readRecordsToList()) {
            try {
                out.add(codec.decode(record.value()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Test
    void aDesaturationRaisesOnceEvenWhenItsFramesComeTwiceOrLate() {
        for (int s = 0; s < 20; s++) {
            readings.pipeInput("KS-1", frame("KS-1", s, T0.plusSeconds(s), s < 10 ? 98 : 84));
            readings.pipeInput("KS-1", frame("KS-1", s, T0.plusSeconds(s), s < 10 ? 98 : 84));
        }
        readings.pipeInput("KS-1", frame("KS-1", 3, T0.plusSeconds(3), 98));

        List<Transition> out = transitions();
        assertThat(out).filteredOn(t -> t.rule() == RuleId.SPO2_CRITICAL).extracting(Transition::type)
                .containsExactly(Transition.Type.RAISED);
        assertThat(out.get(0).onsetTs()).isEqualTo(T0.plusSeconds(10));
        assertThat(admitted).hasSize(20);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theWallClockTickNoticesASilentMonitorAndALateFrameClearsIt() {
        for (int s = 0; s < 10; s++) {
            readings.pipeInput("KS-2", frame("KS-2", s, T0.plusSeconds(s), 98));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(16));
        List<Transition> loss = transitions();
        assertThat(loss).extracting(Transition::rule, Transition::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RuleId.SIGNAL_LOSS, Transition.Type.RAISED));

        // The frames were late, not lost: they come after the tick, dated before it.
        readings.pipeInput("KS-2", frame("KS-2", 10, T0.plusSeconds(10), 98));
        List<Transition> cleared = transitions();
        assertThat(cleared).extracting(Transition::type).containsExactly(Transition.Type.CLEARED);
        assertThat(cleared.get(0).readingTs()).isAfter(loss.get(0).readingTs());
    }

    @Test
    void aFrameFromAClockAYearAheadIsDeadLetteredAndTheNextDesaturationIsRaised() {
        for (int s = 0; s < 5; s++) {
            readings.pipeInput("KS-3", frame("KS-3", s, T0.plusSeconds(s), 98));
        }
        readings.pipeInput("KS-3", frame("KS-3", 5, T0.plus(Duration.ofDays(365)), 98));
        for (int s = 6; s < 12; s++) {
            readings.pipeInput("KS-3", frame("KS-3", s, T0.plusSeconds(s), 82));
        }

        TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.headers().lastHeader(Topics.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .contains("ahead of the receiving clock");
        assertThat(new String(dead.headers().lastHeader("dlq-offset").value(), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(transitions()).extracting(Transition::rule).contains(RuleId.SPO2_CRITICAL);
    }

    @Test
    void aSessionsRecordReachesItsMonitorAndAnEndEndsItsAlertsOnTheNextTick() {
        sessions.pipeInput("KS-4", "{\"sessionId\": \"KS-4\", \"registered\": true, \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                + "\"doseAt\": \"" + T0 + "\", \"administrationSeconds\": 0}");
        for (int s = 0; s < 20; s++) {
            readings.pipeInput("KS-4", frame("KS-4", s, T0.plusSeconds(s), s < 10 ? 98 : 84));
        }
        assertThat(transitions()).extracting(Transition::rule).contains(RuleId.SPO2_CRITICAL);

        sessions.pipeInput("KS-4", "{\"sessionId\": \"KS-4\", \"registered\": true, \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                + "\"doseAt\": \"" + T0 + "\", \"endedAt\": \"" + T0.plusSeconds(30) + "\", \"administrationSeconds\": 0}");
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(transitions()).extracting(Transition::type).isNotEmpty().containsOnly(Transition.Type.ENDED);
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndOrigin() {
        readings.pipeInput("KS-5", "{\"sessionId\": \"KS-5\"}{\"x\": 1}");
        readings.pipeInput("KS-5", frame("KS-6", 0, T0, 98));
        readings.pipeInput("KS-5", "{\"sessionId\": \"KS-5\", \"deviceId\": \"m\", \"seq\": 0, \"ts\": \"" + T0 + "\", \"spo2\": 101}");

        List<String> reasons = deadLetters.readRecordsToList().stream()
                .map(r -> new String(r.headers().lastHeader(Topics.DLQ_REASON).value(), StandardCharsets.UTF_8)).toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).contains("not valid JSON");
        assertThat(reasons.get(1)).contains("record key 'KS-5' is not the sessionId 'KS-6'");
        assertThat(reasons.get(2)).isEqualTo("spo2: 101 is outside 0..100");
        assertThat(transitions()).isEmpty();
    }

    @Test
    void aSessionIsSavedWhenItsStoreIsFlushedByACommitAndOnlyWhenItChanged() {
        var states = driver.<String, byte[]>getKeyValueStore(EvaluationTopology.SESSION_STATES);
        // The test driver commits after every record: each commit flushes the store, and the flush saves first.
        readings.pipeInput("KS-7", frame("KS-7", 0, T0, 98));
        byte[] saved = states.get("KS-7");
        assertThat(saved).isNotNull();

        readings.pipeInput("KS-7", frame("KS-7", 0, T0, 98)); // a duplicate changes nothing
        assertThat(states.get("KS-7")).isSameAs(saved);
        readings.pipeInput("KS-7", frame("KS-7", 1, T0.plusSeconds(1), 97));
        assertThat(states.get("KS-7")).isNotEqualTo(saved);
    }

    /**
     * A task that takes a session over (after a crash, or from another instance) finds it silent
     * only because nobody read its frames meanwhile: its ticks wait until it has read a frame sent
     * since the takeover, and judge silence again after that, or after 30 s without one.
     */
    @Test
    void aTaskThatTookASessionOverRaisesNoSignalLossBeforeItHasReadTheFramesSentMeanwhile() {
        long wall = WALL.toEpochMilli();
        // 40 s after its first frame another task takes the session over; the frames sent meanwhile wait in its partition.
        long takeover = wall + 40_000;
        MockProcessorContext<String, byte[]> task = new MockProcessorContext<>();
        SessionEvaluator after = takenOver("KS-9", wall, takeover, task);
        Punctuator tick = task.scheduledPunctuators().get(0).getPunctuator();
        tick(task, tick, takeover + 1_000);
        for (int s = 10; s < 50; s++) {
            after.process(reading("KS-9", s, wall + s * 1000L)); // sent before the takeover
        }
        tick(task, tick, takeover + 2_000);
        assertThat(rules(task)).as("catching up").doesNotContain(RuleId.SIGNAL_LOSS);

        after.process(reading("KS-9", 50, takeover + 500)); // sent after it: caught up
        tick(task, tick, takeover + 3_000);
        assertThat(rules(task)).doesNotContain(RuleId.SIGNAL_LOSS);
        tick(task, tick, takeover + 20_000);
        assertThat(rules(task)).as("silent for real").contains(RuleId.SIGNAL_LOSS);
    }

    @Test
    void aTaskThatTookASessionOverAndReadsNothingJudgesSilenceAfterThirtySeconds() {
        long wall = WALL.toEpochMilli();
        long takeover = wall + 12_000;
        MockProcessorContext<String, byte[]> task = new MockProcessorContext<>();
        SessionEvaluator after = takenOver("KS-10", wall, takeover, task);
        Punctuator tick = task.scheduledPunctuators().get(0).getPunctuator();
        tick(task, tick, takeover + 29_000);
        assertThat(rules(task)).doesNotContain(RuleId.SIGNAL_LOSS);
        tick(task, tick, takeover + SessionEvaluator.CATCH_UP_MILLIS);
        assertThat(rules(task)).as("a ward silent with the instance").contains(RuleId.SIGNAL_LOSS);
    }

    /**
     * A session evaluated by one task for 10 s from {@code wall}, saved, and taken over by a new
     * task (with {@code into} as its context) at {@code takeover}.
     */
    private SessionEvaluator takenOver(String session, long wall, long takeover, MockProcessorContext<String, byte[]> into) {
        KeyValueStore<String, byte[]> states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_STATES), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, byte[]> facts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_FACTS), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        SessionEvaluator before = new SessionEvaluator(parts);
        before.init(task(new MockProcessorContext<>(), states, facts, wall, true));
        for (int s = 0; s < 10; s++) {
            before.process(reading(session, s, wall + s * 1000L));
        }
        before.saveChanged();
        before.close();

        SessionEvaluator after = new SessionEvaluator(parts);
        after.init(task(into, states, facts, takeover, false));
        return after;
    }

    private static MockProcessorContext<String, byte[]> task(MockProcessorContext<String, byte[]> context,
                                                            KeyValueStore<String, byte[]> states,
                                                            KeyValueStore<String, byte[]> facts, long now, boolean first) {
        context.setCurrentSystemTimeMs(now);
        context.setRecordMetadata(Topics.READINGS, 0, 0);
        if (first) {
            states.init(context.getStateStoreContext(), states);
            facts.init(context.getStateStoreContext(), facts);
        }
        context.addStateStore(states);
        context.addStateStore(facts);
        return context;
    }

    private static Record<String, byte[]> reading(String session, int s, long sentAt) {
        return new Record<>(session, frame(session, s, T0.plusSeconds(s), 98).getBytes(StandardCharsets.UTF_8), sentAt);
    }

    private static void tick(MockProcessorContext<String, byte[]> context, Punctuator tick, long now) {
        context.setCurrentSystemTimeMs(now);
        tick.punctuate(now);
    }

    private List<RuleId> rules(MockProcessorContext<String, byte[]> context) {
        List<RuleId> rules = new ArrayList<>();
        for (var forwarded : context.forwarded()) {
            if (EvaluationTopology.TRANSITIONS_SINK.equals(forwarded.childName().orElse(null))) {
                try {
                    rules.add(codec.decode(forwarded.record().value()).rule());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return rules;
    }
}
