package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.T0;

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
import org.dosewatch.monitor.Reading;
import org.dosewatch.reading.ReadingDecoder;
import org.dosewatch.reading.ReadingMetrics;
import org.dosewatch.testing.Frames;
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
    private static final Instant WALL = T0.plusSeconds(60);

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final TransitionCodec codec = new TransitionCodec(mapper);
    private final List<Reading> admitted = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> readings;
    private TestInputTopic<String, String> sessions;
    private TestInputTopic<String, byte[]> clock;
    private TestOutputTopic<String, byte[]> transitions;
    private TestOutputTopic<String, byte[]> deadLetters;
    private EvaluationTopology.Parts parts;

    @BeforeEach
    void start() {
        RuleEngine engine = new RuleEngine(new SimpleMeterRegistry());
        parts = new EvaluationTopology.Parts(
                new ReadingDecoder(mapper, Clock.fixed(WALL, ZoneOffset.UTC), Duration.ofSeconds(60)),
                new ReadingMetrics(new SimpleMeterRegistry()), new DeadLetterLog(), (reading, received) -> admitted.add(reading), engine,
                new SessionFactsReader(Profiles.ruleProfiles(), mapper), codec, 1_000_000);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluation-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(new EvaluationTopology(parts).topology(), config, WALL);
        readings = driver.createInputTopic(Topics.READINGS, Serdes.String().serializer(), Serdes.String().serializer());
        sessions = driver.createInputTopic(Topics.SESSIONS, Serdes.String().serializer(), Serdes.String().serializer());
        clock = driver.createInputTopic(Topics.CLOCK, Serdes.String().serializer(), Serdes.ByteArray().serializer());
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
        return Frames.frame(session, session + "-m", seq, ts, "\"hr\": 80, \"rr\": 14, \"spo2\": " + spo2);
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

    /** The driver's wall clock. */
    private Instant wallNow = WALL;

    private void advanceTo(Instant at) {
        if (at.isAfter(wallNow)) {
            driver.advanceWallClockTime(Duration.between(wallNow, at));
            wallNow = at;
        }
    }

    /** A tick of the clock, written to the log at {@code at} (wall time), as every instance writes one a second. */
    private void tick(Instant at) {
        advanceTo(at);
        clock.pipeInput("instance-a", new byte[0], at);
    }

    /** A frame written to the log at {@code sent} (wall time). */
    private void send(String session, String frame, Instant sent) {
        advanceTo(sent);
        readings.pipeInput(session, frame, sent);
    }

    @Test
    void aTickOfTheClockNoticesASilentMonitorAndALateFrameClearsIt() {
        for (int s = 0; s < 10; s++) {
            send("KS-2", frame("KS-2", s, T0.plusSeconds(s), 98), WALL.plusSeconds(s));
            tick(WALL.plusSeconds(s).plusMillis(500));
        }
        tick(WALL.plusSeconds(20));
        assertThat(transitions()).as("silent for 11 s").isEmpty();
        tick(WALL.plusSeconds(25));
        List<Transition> loss = transitions();
        assertThat(loss).extracting(Transition::rule, Transition::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RuleId.SIGNAL_LOSS, Transition.Type.RAISED));
        assertThat(loss.get(0).onsetTs()).as("onset: the last frame").isEqualTo(T0.plusSeconds(9));

        // The frames were late, not lost: they come after the tick, dated before it.
        send("KS-2", frame("KS-2", 10, T0.plusSeconds(10), 98), WALL.plusSeconds(10));
        List<Transition> cleared = transitions();
        assertThat(cleared).extracting(Transition::type).containsExactly(Transition.Type.CLEARED);
        assertThat(cleared.get(0).readingTs()).isAfter(loss.get(0).readingTs());
    }

    @Test
    void framesWaitingInTheLogAreNotSilenceAndTicksAlreadyTakenAreNotTakenAgain() {
        for (int s = 0; s < 10; s++) {
            send("KS-11", frame("KS-11", s, T0.plusSeconds(s), 98), WALL.plusSeconds(s));
        }
        // The evaluation was behind (a restart, a backlog): the frames sent meanwhile come before the ticks that follow them.
        for (int s = 10; s < 60; s++) {
            send("KS-11", frame("KS-11", s, T0.plusSeconds(s), 98), WALL.plusSeconds(s));
        }
        tick(WALL.plusSeconds(60));
        tick(WALL.plusSeconds(59)); // another instance's clock, a second behind
        assertThat(transitions()).isEmpty();
        tick(WALL.plusSeconds(75));
        assertThat(transitions()).extracting(Transition::rule).containsExactly(RuleId.SIGNAL_LOSS);
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
        tick(WALL.plusSeconds(1));

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
    void aSessionIsSavedWithEveryFrameThatChangesItAndOnlyThen() {
        var states = driver.<String, byte[]>getKeyValueStore(EvaluationTopology.SESSION_STATES);
        readings.pipeInput("KS-7", frame("KS-7", 0, T0, 98));
        byte[] saved = states.get("KS-7");
        assertThat(saved).isNotNull();

        readings.pipeInput("KS-7", frame("KS-7", 0, T0, 98)); // a duplicate changes nothing
        assertThat(states.get("KS-7")).isSameAs(saved);
        readings.pipeInput("KS-7", frame("KS-7", 1, T0.plusSeconds(1), 97));
        assertThat(states.get("KS-7")).isNotEqualTo(saved);
    }

    /**
     * A task that takes a session over (after a crash, or from another instance) reads its state
     * back and carries on from the frames and ticks after its last commit, exactly as if nothing
     * had happened: the same transitions, with the same ids and onsets and words.
     */
    @Test
    void aSessionTakenOverFromItsSavedStateRaisesAndClearsExactlyWhatItWouldHave() {
        List<String> frames = new ArrayList<>();
        // Dated ten minutes before the receiving clock, so that none is ahead of it.
        Instant start = T0.minusSeconds(600);
        for (int s = 0; s < 400; s++) {
            // A desaturation from 60 s to 200 s, a 40 s dropout from 250 s, then calm.
            double spo2 = s < 60 ? 97 : s < 200 ? Math.max(82, 97 - (s - 60) / 4.0) : 97;
            if (s < 250 || s >= 290) {
                frames.add(frame("KS-12", s, start.plusSeconds(s), Math.round(spo2)));
            }
        }
        List<Transition> uninterrupted = evaluated(frames, List.of());
        List<Transition> takenOver = evaluated(frames, List.of(70, 95, 131, 180, 251, 300));

        assertThat(uninterrupted).extracting(Transition::rule).contains(RuleId.SPO2_FALLING, RuleId.SPO2_LOW,
                RuleId.SPO2_CRITICAL, RuleId.SIGNAL_LOSS);
        assertThat(takenOver).usingRecursiveFieldByFieldElementComparator().isEqualTo(uninterrupted);
    }

    /**
     * A session ended while no task held it (its instance died, the other had not yet taken it
     * over): the task that reads it back ends its open alerts, but only with its first record,
     * since nothing can be sent while a task initialises.
     */
    @Test
    void aSessionEndedWhileItsStateWasAwayEndsItsAlertsWithTheFirstRecordAfterTheTakeover() {
        KeyValueStore<String, byte[]> states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_STATES), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, byte[]> facts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_FACTS), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        long wall = WALL.toEpochMilli();
        MockProcessorContext<String, byte[]> first = task(new MockProcessorContext<>(), states, facts, wall, true);
        SessionEvaluator before = new SessionEvaluator(parts);
        before.init(first);
        for (int s = 0; s < 20; s++) {
            process(before, first, Topics.READINGS, new Record<>("KS-13", frame("KS-13", s, T0.plusSeconds(s), s < 5 ? 98 : 82)
                    .getBytes(StandardCharsets.UTF_8), wall + s * 1000L), wall + s * 1000L);
        }
        assertThat(decoded(first)).extracting(Transition::rule).contains(RuleId.SPO2_CRITICAL);
        before.close();
        facts.put("KS-13", ("{\"sessionId\": \"KS-13\", \"registered\": true, \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                + "\"doseAt\": \"" + T0 + "\", \"endedAt\": \"" + T0.plusSeconds(25) + "\", \"administrationSeconds\": 0}")
                .getBytes(StandardCharsets.UTF_8));

        MockProcessorContext<String, byte[]> second = task(new MockProcessorContext<>(), states, facts, wall + 30_000, false);
        SessionEvaluator after = new SessionEvaluator(parts);
        after.init(second);
        assertThat(second.forwarded()).as("nothing sent while the task initialises").isEmpty();
        process(after, second, Topics.CLOCK, new Record<>("instance-a", new byte[0], wall + 31_000), wall + 31_000);

        assertThat(decoded(second)).isNotEmpty().extracting(Transition::type).containsOnly(Transition.Type.ENDED);
    }

    /**
     * The frames (one a second, written to the log as they are dated, a minute after device time)
     * with a tick every second, through one task; before each frame whose index is a cut, the task
     * is closed and a new one reads the session back from the store.
     */
    private List<Transition> evaluated(List<String> frames, List<Integer> cuts) {
        KeyValueStore<String, byte[]> states = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_STATES), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, byte[]> facts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                EvaluationTopology.SESSION_FACTS), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        List<Transition> out = new ArrayList<>();
        MockProcessorContext<String, byte[]> context = task(new MockProcessorContext<>(), states, facts, WALL.toEpochMilli(), true);
        SessionEvaluator task = new SessionEvaluator(parts);
        task.init(context);
        long wall = WALL.toEpochMilli();
        long lastTick = wall;
        for (int i = 0; i < frames.size(); i++) {
            String frame = frames.get(i);
            long sent = wall + 1000L * Long.parseLong(frame.replaceAll(".*\"seq\": (\\d+),.*", "$1"));
            for (long tick = lastTick + 1000; tick < sent; tick += 1000) {
                process(task, context, Topics.CLOCK, new Record<>("instance-a", new byte[0], tick), tick);
                lastTick = tick;
            }
            if (cuts.contains(i)) {
                out.addAll(decoded(context));
                task.close();
                context = task(new MockProcessorContext<>(), states, facts, sent, false);
                task = new SessionEvaluator(parts);
                task.init(context);
            }
            process(task, context, Topics.READINGS, new Record<>("KS-12", frame.getBytes(StandardCharsets.UTF_8), sent), sent);
        }
        out.addAll(decoded(context));
        return out;
    }

    private static void process(SessionEvaluator task, MockProcessorContext<String, byte[]> context, String topic,
                                Record<String, byte[]> record, long now) {
        context.setCurrentSystemTimeMs(now);
        context.setRecordMetadata(topic, 0, 0);
        task.process(record);
    }

    private List<Transition> decoded(MockProcessorContext<String, byte[]> context) {
        List<Transition> out = new ArrayList<>();
        for (var forwarded : context.forwarded()) {
            if (EvaluationTopology.TRANSITIONS_SINK.equals(forwarded.childName().orElse(null))) {
                try {
                    out.add(codec.decode(forwarded.record().value()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        context.resetForwards();
        return out;
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

}
