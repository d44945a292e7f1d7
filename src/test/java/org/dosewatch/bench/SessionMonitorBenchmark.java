package org.dosewatch.bench;

import static org.dosewatch.testing.Frames.T0;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.dosewatch.monitor.BaselineVitals;
import org.dosewatch.monitor.Drug;
import org.dosewatch.monitor.Monitors;
import org.dosewatch.monitor.Profiles;
import org.dosewatch.monitor.Route;
import org.dosewatch.monitor.SessionFacts;
import org.dosewatch.monitor.TransitionSink;
import org.dosewatch.monitor.Reading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of evaluating one reading with many sessions open: every rule of the default
 * profile, through {@link Monitors} as the service calls it, on calm dosed sessions (the steady
 * path: no alert changes). Frames go round the sessions one second of device time apart, with
 * an NIBP reading every five minutes. Run with {@code ./mvnw -Pbench test-compile exec:exec};
 * {@code -prof gc} reports the bytes allocated per reading.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SessionMonitorBenchmark {

    private static final TransitionSink NOWHERE = transition -> { };

    @Param("10000")
    int sessions;

    private Monitors monitors;
    private String[] ids;
    private String[] devices;
    private int next;
    private long round;

    @Setup(Level.Trial)
    public void openSessions() {
        monitors = new Monitors(id -> Profiles.adultKetamine());
        ids = new String[sessions];
        devices = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            ids[i] = "KS-" + i;
            devices[i] = "monitor-" + i;
            monitors.onSession(ids[i], new SessionFacts(Drug.KETAMINE, Route.IV, T0, null, Duration.ofMinutes(40),
                    new BaselineVitals(72, 124, 78, 14, 98, 37)), NOWHERE);
        }
        // Fill every window (two minutes of frames) before measuring.
        for (int i = 0; i < sessions * 150; i++) {
            evaluate();
        }
    }

    @Benchmark
    public void evaluate() {
        int session = next;
        long second = round;
        boolean cuff = second % 300 == 0;
        int wobble = (int) ((second + session) % 3);
        Reading reading = new Reading(ids[session], devices[session], second, T0.plusSeconds(second),
                72 + wobble, 97 + wobble % 2, 14 + wobble % 2, 36, cuff ? 124 + wobble : Double.NaN,
                cuff ? 78 : Double.NaN, Double.NaN);
        monitors.onReading(reading, reading.ts().toEpochMilli(), NOWHERE);
        if (++next == sessions) {
            next = 0;
            round++;
        }
    }
}
