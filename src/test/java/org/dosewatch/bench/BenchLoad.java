package org.dosewatch.bench;

import static org.dosewatch.bench.BenchStack.frame;
import static org.dosewatch.bench.BenchStack.now;
import static org.dosewatch.bench.BenchStack.send;
import static org.dosewatch.bench.BenchStack.session;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Load as a ward makes it: monitors at one frame a second, their seconds not in step, probes that
 * desaturate, sessions that fall silent, and history sent as fast as the broker takes it.
 */
final class BenchLoad {

    private final BenchStack stack;

    BenchLoad(BenchStack stack) {
        this.stack = stack;
    }

    /**
     * {@code sessions} monitors at one frame a second for {@code seconds}, dated as they are sent,
     * their seconds spread over the second in 100 slices of 10 ms, as a ward's monitors are not in
     * step; {@code from}: the second a continuing ward is at. With {@code probes}, a new probe
     * session every 250 ms: three normal frames, then SpO2 80; its low frame's send time is kept.
     */
    void ward(int sessions, int seconds, int from, boolean probes, Map<String, Long> lowSent, String prefix)
            throws Exception {
        int slices = 100;
        long begin = System.nanoTime();
        int probeCount = probes ? seconds * 4 : 0;
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int s = 0; s < seconds + (probes ? 4 : 0); s++) {
                for (int slice = 0; slice < slices; slice++) {
                    long sliceStart = begin + s * 1_000_000_000L + slice * (1_000_000_000L / slices);
                    Instant ts = now();
                    if (s < seconds) {
                        for (int i = slice * sessions / slices; i < (slice + 1) * sessions / slices; i++) {
                            send(producer, frame(session(prefix, i), from + s, ts, 98));
                        }
                    }
                    // Probe p starts at p * 250 ms; its frame k (0..3) is due k seconds later, the last one low.
                    for (int p = 0; p < probeCount; p++) {
                        for (int k = 0; k < 4; k++) {
                            long due = begin + p * 250_000_000L + k * 1_000_000_000L;
                            if (due >= sliceStart && due < sliceStart + 1_000_000_000L / slices) {
                                String id = session("PB", p);
                                if (k == 3) {
                                    lowSent.put(id, System.nanoTime());
                                }
                                send(producer, frame(id, k, ts, k == 3 ? 80 : 98));
                            }
                        }
                    }
                    long due = sliceStart + 1_000_000_000L / slices;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    interface Chosen {
        boolean test(int second, int index);
    }

    interface EachSecond {
        void at(int second) throws Exception;
    }

    void runLive(int sessions, int seconds, Chosen breach, Map<String, Long> breachSent, Chosen silent) throws Exception {
        runLive(sessions, seconds, breach, breachSent, silent, second -> { });
    }

    /**
     * Live frames at 1 Hz for every session, dated as they are sent. As on a ward, the monitors'
     * seconds are not in step: each second's frames are spread over it in 100 slices of 10 ms,
     * so the service sees a steady rate rather than one burst a second. A chosen session's frame
     * at a chosen second breaches (SpO2 80 %) and stays low after; its send time is kept.
     */
    void runLive(int sessions, int seconds, Chosen breach, Map<String, Long> breachSent, Chosen silent,
                         EachSecond each) throws Exception {
        boolean[] low = new boolean[sessions];
        int slices = 100;
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int s = 0; s < seconds; s++) {
                each.at(s);
                for (int slice = 0; slice < slices; slice++) {
                    Instant ts = now();
                    for (int i = slice * sessions / slices; i < (slice + 1) * sessions / slices; i++) {
                        if (silent != null && silent.test(s, i)) {
                            continue;
                        }
                        String id = session("LV", i);
                        if (!low[i] && breach.test(s, i)) {
                            low[i] = true;
                            breachSent.putIfAbsent(id, System.nanoTime());
                        }
                        send(producer, frame(id, 100_000 + s, ts, low[i] ? 80 : 98));
                    }
                    // A monitor's pace: the next slice goes when its 10 ms of wall time have come.
                    long due = begin + s * 1_000_000_000L + (slice + 1) * (1_000_000_000L / slices);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    /** Fifteen minutes of frames of every session, dated up to now, as fast as the broker takes them. */
    void history(int sessions, int seconds) {
        Instant start = now().minusSeconds(seconds);
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < sessions; i++) {
                    send(producer, frame(session("LV", i), s, start.plusSeconds(s), 98));
                }
            }
            producer.flush();
        }
    }
}
