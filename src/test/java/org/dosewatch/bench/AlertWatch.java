package org.dosewatch.bench;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.dosewatch.Topics;

/** Alert events as they reach vitals.alerts, with the time this process saw them. */
final class AlertWatch implements AutoCloseable {
    final List<String[]> seen = new CopyOnWriteArrayList<>();
    final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    final Map<String, Long> fromFrame = new ConcurrentHashMap<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
    final Thread thread;

    AlertWatch(BenchStack stack) throws InterruptedException {
        thread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = stack.consumer()) {
                consumer.subscribe(List.of(Topics.ALERTS));
                while (running.get()) {
                    if (!consumer.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        String json = new String(record.value(), StandardCharsets.UTF_8);
                        Matcher m = Delays.ALERT.matcher(json);
                        if (m.find()) {
                            long at = System.nanoTime();
                            Matcher ts = Delays.READING_TS.matcher(json);
                            seen.add(new String[] {m.group(1), m.group(2), m.group(3), ts.find() ? ts.group(1) : ""});
                            if (m.group(3).equals("RAISED")) {
                                firstSeen.putIfAbsent(m.group(1) + "|" + m.group(2), at);
                                Delays.fromFrame(fromFrame, m.group(1) + "|" + m.group(2), new String(record.value(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
        }, "bench-alerts");
        thread.start();
        assigned.await(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    List<Double> delays(String rule, Map<String, Long> sent, Duration within) {
        return Delays.delays(firstSeen, rule, sent, within);
    }

    long count(String rule) {
        return seen.stream().filter(e -> e[1].equals(rule)).count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
