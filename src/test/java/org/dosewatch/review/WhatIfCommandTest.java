package org.dosewatch.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dosewatch.simulator.Frame;
import org.dosewatch.simulator.Scenario;
import org.dosewatch.simulator.SimulatedSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The what-if command line on a session the simulator recorded to a file. */
class WhatIfCommandTest {

    @TempDir
    static Path dir;
    static Path recording;

    /**
     * The simulator's flapping-threshold session, as its scenario test runs it: SpO2 settles around
     * 89-90 % for ten minutes, dosed at 300 s; the scenario declares one SPO2_LOW.
     */
    @BeforeAll
    static void record() throws IOException {
        recording = dir.resolve("flapping.jsonl");
        SimulatedSession session = new SimulatedSession("WI-0001", Scenario.read(Path.of("simulators", "scenarios",
                "flapping-threshold.json")), 11, Instant.parse("2026-11-20T09:00:00Z"));
        try (var out = Files.newBufferedWriter(recording, StandardCharsets.UTF_8)) {
            while (!session.done()) {
                Frame frame = session.next();
                if (frame != null) {
                    out.write(frame.toJson());
                    out.write('\n');
                }
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run whatIf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WhatIfCommand.command().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static int count(String out, String rule, int column) {
        Matcher row = Pattern.compile("^  " + rule + " +(\\d+) +(\\d+)$", Pattern.MULTILINE).matcher(out);
        return row.find() ? Integer.parseInt(row.group(column)) : 0;
    }

    @Test
    void aLowerSpO2LimitRaisesFewerSpO2AlertsOnTheSameFramesAndAlwaysTheSameOnes() {
        Run first = whatIf(recording.toString(), "--dose-after", "300", "--set", "spo2-low.limit=88");
        Run again = whatIf(recording.toString(), "--dose-after", "300", "--set", "spo2-low.limit=88");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("Session WI-0001: 2100 frames", "dose 2026-11-20T09:05:00Z");
        assertThat(count(first.out(), "SPO2_LOW", 1)).as(first.out()).isEqualTo(1);
        assertThat(count(first.out(), "SPO2_LOW", 2)).as(first.out()).isZero();
        assertThat(count(first.out(), "SPO2_LOW", 2) + count(first.out(), "SPO2_FALLING", 2))
                .isLessThan(count(first.out(), "SPO2_LOW", 1) + count(first.out(), "SPO2_FALLING", 1));
        assertThat(again.out()).isEqualTo(first.out());
    }

    @Test
    void aLineTheServiceWouldRefuseIsReportedWithItsNumberAndTheRestIsReplayed() throws IOException {
        Path spoiled = dir.resolve("spoiled.jsonl");
        Files.copy(recording, spoiled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long lines = Files.lines(spoiled).count();
        Files.writeString(spoiled, "{\"sessionId\": \"WI-0001\", \"deviceId\": \"m\", \"seq\": 1, \"ts\": \"2026-11-20T09:50:00Z\", \"hr\": 400}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Run run = whatIf(spoiled.toString(), "--dose-after", "300");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("spoiled.jsonl:" + (lines + 1) + ": refused: hr: 400 is outside 0..300",
                "1 lines refused");
        assertThat(run.out()).contains("2100 frames");
    }

    @Test
    void aSettingThatDoesNotExistOrAProfileThatIsNotConfiguredIsAClearError() {
        Run setting = whatIf(recording.toString(), "--set", "spo2-low.limitt=88");
        Run profile = whatIf(recording.toString(), "--profile", "nowhere");

        assertThat(setting.exit()).isEqualTo(2);
        assertThat(setting.err()).contains("spo2-low.limitt: no such rule setting");
        assertThat(profile.exit()).isEqualTo(2);
        assertThat(profile.err()).contains("--profile: 'nowhere' is not a configured profile");
    }
}
