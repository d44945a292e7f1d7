package org.dosewatch.review;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.RuleProfile;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.reading.FrameOrder;
import org.dosewatch.reading.InvalidReadingException;
import org.dosewatch.monitor.Reading;
import org.dosewatch.reading.ReadingDecoder;
import org.dosewatch.rules.RuleProfiles;
import org.dosewatch.rules.RulesConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What-if on the command line: replays a recorded JSON-lines file of monitor frames (the
 * simulator's {@code --output file}, or frames exported from {@code vitals.readings}) through
 * the rule engine under the default profile and under another, and prints both alert lists.
 * The frames are decoded and ordered as the service does; a line it would refuse is reported
 * with its number and reason, never skipped silently.
 */
@Command(name = "what-if", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replays recorded monitor frames through DoseWatch's rules under the default profile and under "
                + "changed settings, and prints the alerts each raises.")
public final class WhatIfCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FRAMES", description = "JSON-lines file of monitor frames, one frame per line")
    Path frames;

    @Option(names = "--dose-at", paramLabel = "INSTANT", description = "Device time of the dose (default: none, the session stays before the dose)")
    Instant doseAt;

    @Option(names = "--dose-after", paramLabel = "SECONDS", description = "The dose this many seconds after each session's first frame")
    Long doseAfter;

    @Option(names = "--drug", description = "KETAMINE or ESKETAMINE (default: ${DEFAULT-VALUE})")
    Drug drug = Drug.KETAMINE;

    @Option(names = "--route", description = "IV, IM, INTRANASAL, SUBLINGUAL or ORAL (default: ${DEFAULT-VALUE})")
    Route route = Route.IV;

    @Option(names = "--profile", paramLabel = "NAME", description = "A configured rule profile to compare with the default")
    String profile;

    @Option(names = "--set", paramLabel = "SETTING=VALUE", description = "A rule setting changed for the comparison, as in a session's ruleOverrides (spo2-low.limit=88); repeatable")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the clinic's own dosewatch.rules.* and dosewatch.rule-profiles.* settings")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(command().execute(args));
    }

    public static CommandLine command() {
        return new CommandLine(new WhatIfCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(frames)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "FRAMES: cannot read " + frames);
        }
        RuleProfiles profiles = profiles();
        RuleProfile defaults = profiles.defaults();
        Map<String, String> overrides = new TreeMap<>();
        if (profile != null) {
            overrides.putAll(profiles.overridesOf(profile).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "--profile: '" + profile + "' is not a configured profile; one of " + profiles.names())));
        }
        overrides.putAll(settings);
        RuleProfile compared;
        try {
            compared = profiles.with(overrides);
        } catch (RuleProfiles.InvalidRuleOverride e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--set " + e.getMessage().replace("ruleOverrides.", ""));
        }
        Map<String, List<FrameArchive.Archived>> bySession = read(err);
        String label = (profile == null ? defaults.name() : profile) + (settings.isEmpty() ? "" : " " + settings);
        for (Map.Entry<String, List<FrameArchive.Archived>> session : bySession.entrySet()) {
            List<FrameArchive.Archived> list = session.getValue();
            Instant first = list.get(0).reading().ts();
            Instant dose = doseAt != null ? doseAt : doseAfter != null ? first.plusSeconds(doseAfter) : null;
            SessionFacts facts = new SessionFacts(drug, route, dose, null,
                    route == Route.IV ? Duration.ofMinutes(40) : Duration.ZERO, BaselineVitals.UNKNOWN);
            List<Replay.FactsFrom> timeline = List.of(new Replay.FactsFrom(null, facts));
            // A recording ends with its last frame: no silence after it is judged.
            long end = list.get(list.size() - 1).receivedMillis();
            List<Replay.Episode> before = Replay.run(session.getKey(), defaults, timeline, list, end);
            List<Replay.Episode> after = Replay.run(session.getKey(), compared, timeline, list, end);
            out.printf("Session %s: %d frames, %s to %s, dose %s%n", session.getKey(), list.size(), first,
                    list.get(list.size() - 1).reading().ts(), dose == null ? "not given" : dose);
            out.printf("  %-18s %14s %14s%n", "rule", defaults.name(), "what-if");
            Replay.byRule(after, before).forEach(n -> out.printf("  %-18s %14d %14d%n", n.rule(), n.actual(), n.alerts()));
            out.printf("  %-18s %14d %14d%n", "all", before.size(), after.size());
            out.printf("  Under %s:%n", defaults.name());
            before.forEach(e -> out.println("    " + line(e)));
            out.printf("  What-if (%s):%n", label);
            after.forEach(e -> out.println("    " + line(e)));
        }
        out.flush();
        return 0;
    }

    private static String line(Replay.Episode e) {
        return String.format("%-18s %-6s %s .. %s  %s", e.rule(), e.priority(), e.onsetTs(),
                e.resolvedTs() == null ? "open" : e.resolvedTs(), e.message());
    }

    /** The file's frames by session, each session's in the order the rule engine would admit them. */
    private Map<String, List<FrameArchive.Archived>> read(PrintWriter err) throws IOException {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        // A recording is judged on its own clock: no frame is "ahead" of a replay.
        ReadingDecoder decoder = new ReadingDecoder(mapper, Clock.fixed(Instant.parse("9999-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofSeconds(60));
        Map<String, List<FrameArchive.Archived>> bySession = new LinkedHashMap<>();
        Map<String, FrameOrder> orders = new LinkedHashMap<>();
        int number = 0;
        int refused = 0;
        int ignored = 0;
        try (var lines = Files.lines(frames, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Reading reading;
                try {
                    reading = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                } catch (InvalidReadingException e) {
                    err.printf("%s:%d: refused: %s%n", frames, number, e.getMessage());
                    refused++;
                    continue;
                }
                FrameOrder order = orders.computeIfAbsent(reading.sessionId(), s -> new FrameOrder());
                List<FrameArchive.Archived> session = bySession.computeIfAbsent(reading.sessionId(), s -> new ArrayList<>());
                int[] glitches = {0};
                FrameOrder.Verdict verdict = order.admit(reading, new FrameOrder.Outcome() {
                    @Override
                    public void evaluate(Reading frame) {
                        session.add(new FrameArchive.Archived(frame, frame.ts().toEpochMilli()));
                    }

                    @Override
                    public void glitch(Reading frame) {
                        glitches[0]++;
                    }
                });
                ignored += glitches[0];
                if (verdict == FrameOrder.Verdict.DUPLICATE || verdict == FrameOrder.Verdict.OUT_OF_ORDER) {
                    ignored++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (refused > 0 || ignored > 0) {
            err.printf("%d lines refused, %d frames ignored as duplicates, out of order or clock glitches%n", refused, ignored);
        }
        bySession.values().removeIf(List::isEmpty);
        if (bySession.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "FRAMES: " + frames + " holds no frame to replay");
        }
        return bySession;
    }

    /** The rule settings of the packaged configuration, with the clinic's file on top. */
    private RuleProfiles profiles() throws IOException {
        URL packaged = WhatIfCommand.class.getResource("/application.properties");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(RulesConfig.class);
        if (packaged != null) {
            builder.withSources(new PropertiesConfigSource(packaged, 250));
        }
        if (config != null) {
            builder.withSources(new PropertiesConfigSource(config.toUri().toURL(), 300));
        }
        SmallRyeConfig built = builder.build();
        return new RuleProfiles(built.getConfigMapping(RulesConfig.class), built);
    }
}
