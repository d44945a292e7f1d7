package org.dosewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A window saves each frame as it was encoded when it came in; what it writes is exactly what
 * encoding the whole window afresh would write, and its median is the window's, whatever frames
 * came, went or overflowed it while it grew to its limit.
 */
class RollingMedianTest {

    private static final long SPAN = 60_000;
    private static final int CAPACITY = 40;

    @Test
    void savedWindowIsTheWindowEncodedAfresh() {
        Random random = new Random(7);
        for (int run = 0; run < 50; run++) {
            RollingMedian median = new RollingMedian(SPAN, CAPACITY);
            Deque<long[]> window = new ArrayDeque<>();
            long ts = 1_700_000_000_000L + random.nextInt(1000);
            for (int frame = 0; frame < 600; frame++) {
                ts += gap(random);
                double value = value(random);
                median.add(ts, value);
                window.addLast(new long[] {ts, Double.doubleToRawLongBits(value)});
                long now = ts;
                window.removeIf(kept -> kept[0] <= now - SPAN);
                while (window.size() > CAPACITY) {
                    window.removeFirst();
                }
                long base = ts - random.nextInt(5_000);
                assertThat(saved(median, base)).as("run %d, frame %d", run, frame).isEqualTo(afresh(window, base));
                assertThat(median.median(ts)).as("run %d, frame %d", run, frame).isEqualTo(median(window));
            }
        }
    }

    @Test
    void restoredWindowSavesWhatItRead() {
        Random random = new Random(11);
        RollingMedian median = new RollingMedian(SPAN, CAPACITY);
        long ts = 1_700_000_000_000L;
        for (int frame = 0; frame < 200; frame++) {
            ts += gap(random);
            median.add(ts, value(random));
        }
        byte[] state = saved(median, ts);
        RollingMedian restored = new RollingMedian(SPAN, CAPACITY);
        restored.restore(new StateIn(state), ts);
        assertThat(saved(restored, ts)).isEqualTo(state);
        ts += 1_000;
        median.add(ts, 72);
        restored.add(ts, 72);
        assertThat(saved(restored, ts)).isEqualTo(saved(median, ts));
        assertThat(restored.median(ts)).isEqualTo(median.median(ts));
    }

    /** Mostly one second, sometimes a few milliseconds off, now and then a gap that empties the window. */
    private static long gap(Random random) {
        int kind = random.nextInt(100);
        if (kind < 70) {
            return 1_000;
        }
        if (kind < 95) {
            return 1_000 + random.nextInt(40) - 20;
        }
        return 5_000 + random.nextInt(90_000);
    }

    /** Whole numbers, hundredths and now and then a value of finer precision. */
    private static double value(Random random) {
        int kind = random.nextInt(10);
        if (kind < 7) {
            return 60 + random.nextInt(40);
        }
        if (kind < 9) {
            return 3 + random.nextInt(500) / 100.0;
        }
        return random.nextDouble() * 100;
    }

    private static double median(Deque<long[]> window) {
        double[] values = window.stream().mapToDouble(frame -> Double.longBitsToDouble(frame[1])).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static byte[] saved(RollingMedian median, long base) {
        StateOut out = new StateOut();
        median.save(out, base);
        return out.toByteArray();
    }

    private static byte[] afresh(Deque<long[]> window, long base) {
        StateOut out = new StateOut();
        out.writeInt(window.size());
        long previous = base;
        double previousValue = Double.NaN;
        for (long[] frame : window) {
            out.writeSpan(frame[0] - previous);
            previous = frame[0];
            double value = Double.longBitsToDouble(frame[1]);
            out.writeValueAfter(value, previousValue);
            previousValue = value;
        }
        return out.toByteArray();
    }
}
