package org.dosewatch.reading;

import org.dosewatch.monitor.Reading;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * One log line per dead-lettered record, but at most 20 a second and then one line saying how
 * many were left out: a flood of bad records must not flood the log too. The metric
 * {@code dosewatch_readings_rejected_total} counts every one.
 */
@ApplicationScoped
public class DeadLetterLog {

    private static final int PER_SECOND = 20;

    private long second;
    private int logged;
    private int skipped;

    public synchronized void warn(String topic, int partition, long offset, String reason) {
        long now = System.currentTimeMillis() / 1000;
        if (now != second) {
            if (skipped > 0) {
                Log.warnf("%d more readings dead-lettered in the last second (see dosewatch_readings_rejected_total)", skipped);
            }
            second = now;
            logged = 0;
            skipped = 0;
        }
        if (logged < PER_SECOND) {
            logged++;
            Log.warnf("Reading at %s-%d@%d dead-lettered: %s", topic, partition, offset,
                    reason.length() <= 300 ? reason : reason.substring(0, 300) + "...");
        } else {
            skipped++;
        }
    }
}
