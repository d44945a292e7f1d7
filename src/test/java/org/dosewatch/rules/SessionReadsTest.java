package org.dosewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dosewatch.testing.Frames.T0;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.dosewatch.Topics;
import org.dosewatch.monitor.Profiles;
import org.dosewatch.monitor.SessionSnapshot;
import org.dosewatch.reading.DeadLetterLog;
import org.dosewatch.reading.ReadingDecoder;
import org.dosewatch.reading.ReadingMetrics;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Reads of a session from other threads while its stream thread evaluates frames: every read is
 * one moment of the rules, whole (one read model). A critical desaturation that comes and goes
 * opens and clears an episode every few frames in the observation after a dose; the open episodes
 * a read shows and those its discharge criteria count must always be the same, and vitals are
 * never stable while an episode is open.
 */
class SessionReadsTest {


    @Test
    void aSessionReadWhileItsFramesAreEvaluatedIsNeverTorn() throws InterruptedException {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        RuleEngine engine = new RuleEngine(new SimpleMeterRegistry());
        EvaluationTopology.Parts parts = new EvaluationTopology.Parts(
                new ReadingDecoder(mapper, Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC), Duration.ofSeconds(60)),
                new ReadingMetrics(new SimpleMeterRegistry()), new DeadLetterLog(), (reading, received) -> { }, engine,
                new SessionFactsReader(Profiles.ruleProfiles(), mapper), new TransitionCodec(mapper), 1_000_000);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "reads-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger withOpenAlerts = new AtomicInteger();
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                while (streaming.get()) {
                    SessionSnapshot read = engine.snapshot("KS-R").orElse(null);
                    if (read == null) {
                        continue;
                    }
                    reads.incrementAndGet();
                    if (read.openAlerts() > 0) {
                        withOpenAlerts.incrementAndGet();
                    }
                    int open = read.openAlerts();
                    org.dosewatch.monitor.DischargeGate discharge = read.discharge();
                    if (open != discharge.openAlerts()) {
                        torn.add(open + " open, the discharge criteria count " + discharge.openAlerts());
                    }
                    if (discharge.openAlerts() > 0 && !discharge.stableFor().isZero()) {
                        torn.add("an open episode, yet stable for " + discharge.stableFor());
                    }
                }
            });
            readers[r].start();
        }

        try (TopologyTestDriver driver = new TopologyTestDriver(new EvaluationTopology(parts).topology(), config, T0)) {
            TestInputTopic<String, String> readings = driver.createInputTopic(Topics.READINGS, Serdes.String().serializer(),
                    Serdes.String().serializer());
            // Dosed an hour before: the discharge criteria are watched, and an open episode makes the vitals unstable.
            driver.createInputTopic(Topics.SESSIONS, Serdes.String().serializer(), Serdes.String().serializer())
                    .pipeInput("KS-R", "{\"sessionId\": \"KS-R\", \"registered\": true, \"drug\": \"KETAMINE\", \"route\": \"IM\", "
                            + "\"doseAt\": \"" + T0.minusSeconds(3600) + "\", \"administrationSeconds\": 0}");
            for (int s = 0; s < 1_200; s++) {
                // SpO2 80 for one frame in twelve: SPO2_CRITICAL opens, and clears after its 10 s hold.
                double spo2 = s % 12 == 0 ? 80 : 98;
                readings.pipeInput("KS-R", "{\"sessionId\": \"KS-R\", \"deviceId\": \"KS-R-m\", \"seq\": " + s + ", \"ts\": \""
                        + T0.plusSeconds(s) + "\", \"hr\": 80, \"rr\": 14, \"spo2\": " + spo2 + "}");
            }
        } finally {
            streaming.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
        }

        assertThat(reads.get()).as("reads while frames streamed").isGreaterThan(100);
        assertThat(withOpenAlerts.get()).as("reads that saw an episode open").isPositive();
        assertThat(torn).as("reads that saw two moments at once").isEmpty();
    }
}
