package org.dosewatch.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;

/**
 * How the benchmarks time alerts and say what they measured: the delay from each sent frame (or
 * kill) to its alert, the same from the frame's own time, percentiles, and one printed line per
 * figure. Each run's delays are also written to target/bench/delays-*.csv and stages-*.csv.
 */
final class Delays {

    static final Pattern READING_TS = Pattern.compile("\"readingTs\":\"([^\"]+)\"");
    static final Pattern ALERT = Pattern.compile("\"sessionId\":\"([^\"]+)\".*?\"rule\":\"([A-Z0-9_]+)\".*?\"event\":\"([A-Z]+)\"");

    private Delays() {
    }

    /**
     * Seconds from each session's send (or kill) time to the first RAISED of the rule seen for it,
     * waiting until all have been seen or the time is up.
     */
    static List<Double> delays(Map<String, Long> firstSeen, String rule, Map<String, Long> sent, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> sent.keySet().stream().allMatch(id -> firstSeen.containsKey(id + "|" + rule)));
        } catch (ConditionTimeoutException e) {
            // Reported as it is: the figure counts the alerts that arrived.
        }
        List<Double> delays = new ArrayList<>();
        StringBuilder each = new StringBuilder("sent_s,delay_ms\n");
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        sent.forEach((id, at) -> {
            Long raised = firstSeen.get(id + "|" + rule);
            if (raised != null) {
                delays.add((raised - at) / 1e9);
                each.append(String.format("%.3f,%.1f%n", (at - first) / 1e9, (raised - at) / 1e6));
            }
        });
        try {
            // Each alert's delay by when its frame was sent, to tell a steady tail from a stall.
            Files.writeString(BenchStack.WORK.resolve("delays-" + rule + "-" + System.nanoTime() + ".csv"), each);
            Files.write(BenchStack.WORK.resolve("stages-" + System.nanoTime() + ".csv"), STAGES);
            STAGES.clear();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return delays;
    }

    /**
     * Milliseconds from the frame that raised an alert (its readingTs: the load dates each frame as
     * it sends it, on this machine's clock) to the alert's arrival.
     */
    static void fromFrame(Map<String, Long> into, String key, String json) {
        Matcher ts = READING_TS.matcher(json);
        if (ts.find()) {
            long now = System.currentTimeMillis();
            long frame = Instant.parse(ts.group(1)).toEpochMilli();
            if (into.putIfAbsent(key, now - frame) == null) {
                Matcher at = STORED_AT.matcher(json);
                if (at.find()) {
                    // Where the time went: frame to stored (evaluation, transitions topic, database), stored to here.
                    long stored = Instant.parse(at.group(1)).toEpochMilli();
                    STAGES.add(String.format("%s,%d,%d,%d", key, frame, stored - frame, now - stored));
                }
            }
        }
    }

    private static final Pattern STORED_AT = Pattern.compile("\"at\":\"([^\"]+)\"");
    private static final List<String> STAGES = new CopyOnWriteArrayList<>();

    /** Seconds from the raising frame to the alert, for the sessions sent. */
    static List<Double> fromFrame(Map<String, Long> seen, String rule, Map<String, Long> sent) {
        List<Double> delays = new ArrayList<>();
        sent.keySet().forEach(id -> {
            Long ms = seen.get(id + "|" + rule);
            if (ms != null) {
                delays.add(ms / 1000.0);
            }
        });
        return delays;
    }

    static String describe(List<Double> delays) {
        if (delays.isEmpty()) {
            return "(none arrived)";
        }
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d alerts", 1000 * percentile(sorted, 0.5),
                1000 * percentile(sorted, 0.99), 1000 * sorted.get(sorted.size() - 1), sorted.size());
    }

    static double p99(List<Double> delays) {
        if (delays.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return percentile(sorted, 0.99);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static double max(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    static void figure(String bench, String format, Object... args) {
        System.out.println("BENCH " + bench + ": " + String.format(format, args));
    }
}
