package org.dosewatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** The command line as a user meets it: a mistake is answered naming the option or the file, a loop keeps the ward full. */
class SimulatorCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String errors) {
    }

    private Run run(String... args) {
        StringWriter errors = new StringWriter();
        CommandLine command = Simulator.command().setErr(new PrintWriter(errors));
        int exit = command.execute(args);
        return new Run(exit, errors.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --speed fast                | dosewatch-simulator: --speed: 'fast' is not a speed; give a positive number (1 = real time, 60 = an hour a minute) or max
            --speed -3                  | dosewatch-simulator: --speed: '-3' is not a speed
            --scenario normal-iv:heavy  | dosewatch-simulator: --scenario normal-iv:heavy: 'heavy' is not a weight; give a positive number
            --scenario no-such-thing    | dosewatch-simulator: --scenario no-such-thing: no scenario 'no-such-thing'
            --output pigeon             | dosewatch-simulator: --output: 'pigeon' is not one of kafka, http, file, stdout
            --output file               | dosewatch-simulator: --output file: needs --file
            --unit Ward-7               | dosewatch-simulator: --unit: needs --register
            --sessions 0                | dosewatch-simulator: --sessions: 0 is not a number of sessions
            --sessions many             | Invalid value for option '--sessions': 'many' is not an int
            --catch-up -5               | dosewatch-simulator: --catch-up: -5 is not a number of seconds
            """)
    void aMistakeIsAnsweredNamingTheOption(String arguments, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("--scenarios", "scenarios", "--duration", "5", "--quiet"));
        args.addAll(List.of(arguments.split(" ")));

        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).isNotZero();
        assertThat(run.errors()).contains(message);
    }

    @Test
    void aBrokenScenarioFileIsNamedWithWhereItBreaks() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"broken\",\n \"drug\": KETAMINE}");

        Run run = run("--scenario", broken.toString(), "--duration", "5", "--quiet", "--output", "stdout");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errors()).startsWith("dosewatch-simulator: " + broken + " (line 2, column ")
                .contains("not a scenario: Unrecognized token 'KETAMINE'");
    }

    @Test
    void aLoopingWardGivesAFinishedSessionsRoomToANewSessionOfTheSameScenarioDatedUpToNow() throws IOException {
        Files.writeString(dir.resolve("short.json"), """
                {"name": "short", "drug": "KETAMINE", "route": "IM", "doseMg": 35, "doseAtSeconds": 2,
                 "durationSeconds": 5, "nibpIntervalSeconds": 60}""");
        Path out = dir.resolve("frames.jsonl");

        Run run = run("--scenarios", dir.toString(), "--scenario", "short", "--sessions", "2", "--prefix", "LOOP",
                "--loop", "--duration", "12", "--speed", "max", "--output", "file", "--file", out.toString(), "--quiet");

        assertThat(run.exit()).as(run.errors()).isZero();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Instant>> frames = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode frame = json.readTree(line);
            frames.computeIfAbsent(frame.get("sessionId").asText(), id -> new java.util.ArrayList<>())
                    .add(Instant.parse(frame.get("ts").asText()));
        }
        // Two beds, 12 s of a 5 s scenario: each bed runs three sessions (5 s, 5 s, then 2 s of the third).
        assertThat(frames.keySet()).containsExactly("LOOP-0001", "LOOP-0002", "LOOP-0003", "LOOP-0004", "LOOP-0005", "LOOP-0006");
        assertThat(frames.get("LOOP-0001")).hasSize(5);
        assertThat(frames.get("LOOP-0003")).hasSize(5);
        assertThat(frames.get("LOOP-0005")).hasSize(2);
        Instant now = Instant.now();
        frames.values().forEach(times -> {
            assertThat(times).isSorted();
            assertThat(times.get(times.size() - 1)).as("no frame dated ahead of the clock").isBeforeOrEqualTo(now);
        });
    }

    @Test
    void aCaughtUpWardAtRealTimeIsDatedUpToNowWithItsFirstSecondsSentAtOnce() throws IOException {
        Files.writeString(dir.resolve("short.json"), """
                {"name": "short", "drug": "KETAMINE", "route": "IM", "doseMg": 35, "doseAtSeconds": 2,
                 "durationSeconds": 600, "nibpIntervalSeconds": 60}""");
        Path out = dir.resolve("frames.jsonl");
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        Run run = run("--scenarios", dir.toString(), "--scenario", "short", "--catch-up", "300", "--duration", "2",
                "--speed", "1", "--output", "file", "--file", out.toString(), "--quiet");

        assertThat(run.exit()).as(run.errors()).isZero();
        List<Instant> times = Files.readAllLines(out).stream().map(line -> Instant.parse(line.replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1")))
                .toList();
        assertThat(times).hasSize(302);
        assertThat(times.get(0)).isBetween(before.minusSeconds(301), before.minusSeconds(299));
        assertThat(times.get(301)).isBeforeOrEqualTo(Instant.now());
    }
}
