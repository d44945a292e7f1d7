package org.dosewatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;

import org.dosewatch.testing.ServiceProcess;

/** The dashboard feed as a nurse's screen reads it, with the time each alert event arrived. */
final class SseWatch implements AutoCloseable {
    final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    final Map<String, Long> fromFrame = new ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();
    final AtomicBoolean open = new AtomicBoolean(true);
    volatile HttpURLConnection connection;
    final Thread thread;

    /** Reads the feed as the page does: a dropped feed is opened again at once (its snapshot is not timed). */
    SseWatch(ServiceProcess service) {
        thread = new Thread(() -> {
            while (open.get()) {
                try {
                    read(service);
                } catch (IOException e) {
                    // dropped or refused: open it again
                }
                if (open.get()) {
                    reconnects.incrementAndGet();
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
            }
        }, "bench-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(ServiceProcess service) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(service.url() + "/api/feed").toURL().openConnection();
        c.setRequestProperty("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("nurse:nurse".getBytes(StandardCharsets.UTF_8)));
        c.setRequestProperty("Accept", "text/event-stream");
        connection = c;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:") && line.contains("\"event\":\"RAISED\"")) {
                    Matcher m = Delays.ALERT.matcher(line);
                    if (m.find()) {
                        firstSeen.putIfAbsent(m.group(1) + "|" + m.group(2), System.nanoTime());
                        Delays.fromFrame(fromFrame, m.group(1) + "|" + m.group(2), line);
                    }
                }
            }
        }
    }

    List<Double> delays(String rule, Map<String, Long> sent, Duration within) {
        return Delays.delays(firstSeen, rule, sent, within);
    }

    @Override
    public void close() {
        open.set(false);
        HttpURLConnection c = connection;
        if (c != null) {
            c.disconnect();
        }
    }
}
