package org.dosewatch.simulator;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: runs sessions through scenarios and sends their frames to Kafka, to the
 * service's HTTP ingest, or as JSON lines. See simulators/README.md.
 */
@Command(name = "dosewatch-simulator", mixinStandardHelpOptions = true,
        description = "Simulated bedside monitors for ketamine and esketamine dosing sessions.")
public final class Simulator implements Callable<Integer> {

    @Option(names = "--scenario", description = "Scenario name (file in --scenarios) or file, optionally NAME:WEIGHT; repeatable for a mix (default normal-iv)")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--scenarios", description = "Folder of scenario files (default: ${DEFAULT-VALUE})")
    Path scenarioDir = Path.of("scenarios");

    @Option(names = "--sessions", description = "Number of sessions (default: ${DEFAULT-VALUE})")
    int sessions = 1;

    @Option(names = "--seed", description = "Seed of patients and noise; the same seed gives the same frames (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--speed", description = "1 = real time, 60 = an hour a minute, max = as fast as possible (default: ${DEFAULT-VALUE})")
    String speed = "1";

    @Option(names = "--duration", description = "Simulated seconds to run after the catch-up (default: the rest of the longest scenario)")
    Integer durationSeconds;

    @Option(names = "--output", description = "kafka, http, file or stdout (default: ${DEFAULT-VALUE})")
    String output = "kafka";

    @Option(names = "--kafka", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String kafka = "127.0.0.1:9092";

    @Option(names = "--url", description = "DoseWatch base URL, for --output http and --register (default: ${DEFAULT-VALUE})")
    URI url = URI.create("http://127.0.0.1:8080");

    @Option(names = "--file", description = "JSON-lines file for --output file")
    Path file;

    @Option(names = "--register", description = "Register each session through the REST API first, record its dose when it comes, end it when its scenario is over")
    boolean register;

    @Option(names = "--clinician", description = "Clinician login for --register (default: ${DEFAULT-VALUE})")
    String clinician = "clinician:clinician";

    @Option(names = "--device", description = "Device login for --output http (default: ${DEFAULT-VALUE})")
    String device = "device:device";

    @Option(names = "--prefix", description = "Session id prefix (default: ${DEFAULT-VALUE})")
    String prefix = "SIM";

    @Option(names = "--start", description = "Device time of the first frame, ISO-8601 (default: now in real time; "
            + "faster, early enough that no frame is dated ahead of the clock, which DoseWatch refuses)")
    Instant start;

    @Option(names = "--quiet", description = "No progress line")
    boolean quiet;

    @Option(names = "--loop", description = "When a session's scenario is over, a new session of the same scenario takes its room "
            + "(a new id and patient); runs until stopped, or for --duration")
    boolean loop;

    @Option(names = "--catch-up", description = "Each session's first SECONDS of its scenario are sent at once, dated the "
            + "last SECONDS seconds, before it runs at --speed: a ward already under way (default: ${DEFAULT-VALUE})")
    int catchUp;

    @Option(names = "--unit", description = "With --register: the unit (clinic, site or ward) the sessions belong to")
    String unit;

    public static void main(String[] args) {
        System.exit(command().execute(args));
    }

    /** The command line as {@code main} runs it: a failure prints one line naming its cause and exits with 1. */
    public static CommandLine command() {
        CommandLine command = new CommandLine(new Simulator());
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("dosewatch-simulator: " + message(e));
            return 1;
        });
        return command;
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause().getMessage() != null && !text.contains(e.getCause().getMessage())
                ? text + ": " + e.getCause().getMessage() : text;
    }

    @Override
    public Integer call() throws Exception {
        double factor = speedFactor();
        if (sessions < 1) {
            throw new IllegalArgumentException("--sessions: " + sessions + " is not a number of sessions (at least 1)");
        }
        if (durationSeconds != null && durationSeconds < 1) {
            throw new IllegalArgumentException("--duration: " + durationSeconds + " is not a number of seconds (at least 1)");
        }
        if (catchUp < 0) {
            throw new IllegalArgumentException("--catch-up: " + catchUp + " is not a number of seconds (0 or more)");
        }
        if (loop && start != null) {
            throw new IllegalArgumentException("--start: not with --loop, where each new session's clock starts so that "
                    + "its last frame is dated about now");
        }
        if (unit != null && !register) {
            throw new IllegalArgumentException("--unit: needs --register, which gives the sessions their unit");
        }
        List<Weighted> mix = loadMix();
        // Seconds of pacing after the catch-up; the device time the first sessions span, to date their first frame.
        int longest = mix.stream().mapToInt(w -> w.scenario().durationSeconds()).max().orElse(0);
        int duration = durationSeconds != null ? durationSeconds
                : loop ? Integer.MAX_VALUE : Math.max(0, longest - catchUp);
        int span = loop ? longest : catchUp + duration;
        List<SimulatedSession> running = sessions(mix, firstFrame(factor, span));
        ServiceClient service = register || output.equals("http") ? new ServiceClient(url, clinician, device, unit) : null;
        if (register) {
            for (int i = 0; i < running.size(); i++) {
                service.register(running.get(i), Integer.toString(i + 1));
            }
        }
        try (FrameSink sink = sink(service)) {
            run(running, duration, factor, sink, service);
        }
        return 0;
    }

    /** {@code --speed}: a positive number, or max (0 here: no pacing). */
    private double speedFactor() {
        if ("max".equalsIgnoreCase(speed)) {
            return 0;
        }
        try {
            double factor = Double.parseDouble(speed);
            if (factor > 0 && Double.isFinite(factor)) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--speed: '" + speed + "' is not a speed; give a positive number "
                + "(1 = real time, 60 = an hour a minute) or max");
    }

    private void run(List<SimulatedSession> running, int duration, double factor, FrameSink sink, ServiceClient service)
            throws Exception {
        Progress progress = new Progress(running.size(), quiet || output.equals("stdout"));
        long wallStart = System.nanoTime();
        int next = running.size();
        for (SimulatedSession session : running) {
            catchUp(session, sink, service, progress);
        }
        for (int second = 0; second < duration; second++) {
            for (int bed = 0; bed < running.size(); bed++) {
                SimulatedSession session = running.get(bed);
                if (session.done() && loop) {
                    // The bed is free: the next patient of the same scenario takes the room.
                    session = replacement(session, ++next, factor);
                    running.set(bed, session);
                    if (register) {
                        service.register(session, Integer.toString(bed + 1));
                    }
                    catchUp(session, sink, service, progress);
                }
                step(session, sink, service, progress);
            }
            if (factor > 0) {
                long due = wallStart + (long) ((second + 1) / factor * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sink.flush();
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            progress.second(second + 1);
        }
        sink.flush();
        progress.done();
    }

    /** One second of a session: its dose or end recorded when they come, and its frame. */
    private void step(SimulatedSession session, FrameSink sink, ServiceClient service, Progress progress) throws Exception {
        if (session.done()) {
            return;
        }
        if (register && session.second() == session.scenario().doseAtSeconds()) {
            sink.flush();
            service.dose(session, session.doseAt());
        }
        if (register) {
            for (Scenario.Observation observation : session.scenario().observationsInOrder()) {
                if (observation.atSeconds() == session.second()) {
                    sink.flush();
                    service.observe(session, observation, session.start().plusSeconds(observation.atSeconds()));
                }
            }
        }
        Frame frame = session.next();
        if (frame != null) {
            sink.send(frame);
            progress.sent();
        }
        if (register && session.done()) {
            sink.flush();
            service.end(session);
        }
    }

    /** The session's first {@code --catch-up} seconds, at once. */
    private void catchUp(SimulatedSession session, FrameSink sink, ServiceClient service, Progress progress) throws Exception {
        for (int i = 0; i < catchUp && !session.done(); i++) {
            step(session, sink, service, progress);
        }
        sink.flush();
    }

    /**
     * A new session of the scenario that {@code ended} ran, with its own id, patient and clock:
     * the clock starts early enough that its last frame is dated about now, as the first ones.
     */
    private SimulatedSession replacement(SimulatedSession ended, int number, double factor) {
        String id = String.format(Locale.ROOT, "%s-%04d", prefix, number);
        Scenario scenario = ended.scenario();
        return new SimulatedSession(id, scenario, seed * 1_000_003L + number - 1,
                firstFrame(factor, scenario.durationSeconds()));
    }

    /**
     * Device time of the first frame. A monitor's frames are never dated ahead of the receiving
     * clock (DoseWatch dead-letters them), so a stream faster than real time starts early enough
     * to end at about the present: D seconds of device time in D / speed of real time start
     * D (1 - 1 / speed) seconds ago; the catch-up's seconds, sent at once, add to that.
     */
    private Instant firstFrame(double factor, int duration) {
        if (start != null) {
            return start;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int caughtUp = Math.min(catchUp, duration);
        long early = factor == 0 ? duration
                : caughtUp + (long) Math.ceil((duration - caughtUp) * Math.max(0, 1 - 1 / factor));
        return now.minusSeconds(early);
    }

    private List<SimulatedSession> sessions(List<Weighted> mix, Instant first) {
        Random pick = new Random(seed);
        double total = mix.stream().mapToDouble(Weighted::weight).sum();
        List<SimulatedSession> list = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            double r = i < mix.size() ? -1 : pick.nextDouble() * total;
            Scenario scenario = mix.get(Math.min(i, mix.size() - 1)).scenario();
            if (r >= 0) {
                for (Weighted w : mix) {
                    r -= w.weight();
                    if (r < 0) {
                        scenario = w.scenario();
                        break;
                    }
                }
            }
            String id = String.format(Locale.ROOT, "%s-%04d", prefix, i + 1);
            list.add(new SimulatedSession(id, scenario, seed * 1_000_003L + i, first));
        }
        return list;
    }

    private record Weighted(Scenario scenario, double weight) {
    }

    /** The scenarios of the mix, each at least once in order before the weights decide. */
    private List<Weighted> loadMix() throws Exception {
        List<String> names = scenarios.isEmpty() ? List.of("normal-iv") : scenarios;
        List<Weighted> mix = new ArrayList<>();
        for (String entry : names) {
            String[] parts = entry.split(":", 2);
            double weight = parts.length == 2 ? weight(entry, parts[1]) : 1;
            Path path = Path.of(parts[0]);
            if (!Files.exists(path)) {
                path = scenarioDir.resolve(parts[0].endsWith(".json") ? parts[0] : parts[0] + ".json");
            }
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--scenario " + entry + ": no scenario '" + parts[0] + "' (looked in "
                        + scenarioDir.toAbsolutePath() + ")");
            }
            mix.add(new Weighted(Scenario.read(path), weight));
        }
        return mix;
    }

    private static double weight(String entry, String text) {
        try {
            double weight = Double.parseDouble(text);
            if (weight > 0 && Double.isFinite(weight)) {
                return weight;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--scenario " + entry + ": '" + text + "' is not a weight; give a positive number");
    }

    private FrameSink sink(ServiceClient service) throws Exception {
        return switch (output) {
            case "kafka" -> new KafkaFrameSink(kafka);
            case "http" -> service;
            case "file" -> {
                if (file == null) {
                    throw new IllegalArgumentException("--output file: needs --file, the JSON-lines file to write");
                }
                yield new JsonLinesSink(file);
            }
            case "stdout" -> new JsonLinesSink();
            default -> throw new IllegalArgumentException("--output: '" + output + "' is not one of kafka, http, file, stdout");
        };
    }

    /** The live progress line on standard error. */
    private static final class Progress {
        private final int sessions;
        private final boolean silent;
        private final long started = System.nanoTime();
        private long frames;
        private long lastPrint;

        Progress(int sessions, boolean silent) {
            this.sessions = sessions;
            this.silent = silent;
        }

        void sent() {
            frames++;
        }

        void second(int simulated) {
            long now = System.nanoTime();
            if (!silent && now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                print(simulated, now);
            }
        }

        void done() {
            if (!silent) {
                print(-1, System.nanoTime());
                System.err.println();
            }
        }

        private void print(int simulated, long now) {
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            System.err.printf(Locale.ROOT, "\r%d %s, %d frames sent, %.0f frames/s, %s simulated, %.0f s elapsed   ",
                    sessions, sessions == 1 ? "session" : "sessions", frames, frames / seconds, simulated < 0 ? "all" : Duration.ofSeconds(simulated).toString()
                            .substring(2).toLowerCase(Locale.ROOT), seconds);
        }
    }
}
