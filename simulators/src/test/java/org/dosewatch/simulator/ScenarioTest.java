package org.dosewatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every scenario file produces the vital course it promises, the same way every time. */
class ScenarioTest {

    static final Path SCENARIOS = Path.of("scenarios");
    static final Instant START = Instant.parse("2026-11-21T14:00:00Z");

    static Stream<Path> scenarios() throws IOException {
        return Files.list(SCENARIOS).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    static List<Frame> run(Scenario scenario, long seed) {
        SimulatedSession session = new SimulatedSession("SIM-1", scenario, seed, START);
        List<Frame> frames = new ArrayList<>();
        while (!session.done()) {
            Frame frame = session.next();
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    @Test
    void theNineScenariosOfTheClinicAreThere() throws IOException {
        assertThat(scenarios().map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "normal-iv.json", "normal-esketamine.json", "hypertensive-surge.json", "respiratory-depression.json",
                "bradycardia.json", "sensor-dropout.json", "artifact-spikes.json", "predose-hypertension.json",
                "flapping-threshold.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void eachScenarioReachesTheVitalsItStates(Path file) throws IOException {
        Scenario scenario = Scenario.read(file);
        for (long seed = 1; seed <= 5; seed++) {
            List<Frame> frames = run(scenario, seed);
            for (Scenario.Check check : scenario.checks()) {
                double value = valueAt(frames, check.vital(), check.atSeconds());
                if (check.atMost() != null) {
                    assertThat(value).as("%s %s at %d s, seed %d", scenario.name(), check.vital(), check.atSeconds(), seed)
                            .isLessThanOrEqualTo(check.atMost());
                }
                if (check.atLeast() != null) {
                    assertThat(value).as("%s %s at %d s, seed %d", scenario.name(), check.vital(), check.atSeconds(), seed)
                            .isGreaterThanOrEqualTo(check.atLeast());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theSameSeedGivesTheSameFramesByteForByte(Path file) throws IOException {
        Scenario scenario = Scenario.read(file);

        String first = String.join("\n", run(scenario, 42).stream().map(Frame::toJson).toList());
        String second = String.join("\n", run(scenario, 42).stream().map(Frame::toJson).toList());
        String other = String.join("\n", run(scenario, 43).stream().map(Frame::toJson).toList());

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyFrameKeepsTheContract(Path file) throws IOException {
        for (Frame frame : run(Scenario.read(file), 7)) {
            assertThat(frame.seq()).isNotNegative();
            assertThat(frame.hasBloodPressure()).isEqualTo(!Double.isNaN(frame.dbp()));
            if (frame.hasBloodPressure()) {
                assertThat(frame.sbp()).isGreaterThan(frame.dbp());
            }
            assertThat(frame.toJson()).startsWith("{\"sessionId\":\"SIM-1\"").doesNotContain("NaN");
        }
    }

    @Test
    void aDropoutIsSilenceAndAMissingProbeIsAnAbsentVital() throws IOException {
        List<Frame> frames = run(Scenario.read(SCENARIOS.resolve("sensor-dropout.json")), 1);

        assertThat(frames).noneMatch(f -> second(f) >= 900 && second(f) < 940);
        assertThat(frames).filteredOn(f -> second(f) >= 1200 && second(f) < 1260).allMatch(f -> Double.isNaN(f.spo2()));
        assertThat(frames).filteredOn(f -> second(f) == 1300).allMatch(f -> !Double.isNaN(f.spo2()));
    }

    @Test
    void anArtifactIsOneFrame() throws IOException {
        List<Frame> frames = run(Scenario.read(SCENARIOS.resolve("artifact-spikes.json")), 1);

        assertThat(frames).filteredOn(f -> second(f) == 700).extracting(Frame::hr).containsExactly(250.0);
        assertThat(frames).filteredOn(f -> second(f) == 900).extracting(Frame::spo2).allMatch(spo2 -> spo2 > 85 && spo2 < 96);
        assertThat(frames).filteredOn(f -> second(f) == 701).extracting(Frame::hr).allMatch(hr -> hr < 150);
    }

    @Test
    void aBrokenScenarioFileIsRefusedWithItsReason(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"name": "bad", "drug": "KETAMINE", "route": "IV", "doseMgPerKg": 0.5, "doseAtSeconds": 0,
                 "durationSeconds": 60, "events": [{"kind": "explode", "atSeconds": 5}]}""");

        assertThatThrownBy(() -> Scenario.read(file)).hasMessageContaining("event kind 'explode'");
    }

    private static long second(Frame frame) {
        return frame.ts().getEpochSecond() - START.getEpochSecond();
    }

    /** The median of a frame vital over 11 s around the time, or the newest NIBP reading by then. */
    private static double valueAt(List<Frame> frames, String vital, int at) {
        if (vital.equals("sbp") || vital.equals("dbp")) {
            return frames.stream().filter(f -> second(f) <= at && f.hasBloodPressure())
                    .reduce((a, b) -> b).map(f -> vital.equals("sbp") ? f.sbp() : f.dbp()).orElse(Double.NaN);
        }
        double[] values = frames.stream().filter(f -> Math.abs(second(f) - at) <= 5)
                .mapToDouble(f -> switch (vital) {
                    case "hr" -> f.hr();
                    case "spo2" -> f.spo2();
                    case "rr" -> f.rr();
                    default -> f.etco2();
                }).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return values[values.length / 2];
    }
}
