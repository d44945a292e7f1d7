package org.dosewatch.history;

/**
 * One session's open 15-second summary: min, max, sum and count of each vital of
 * {@link VitalsHistory#VITALS}, from {@code start} (device time; MIN_VALUE while none is open).
 */
final class Bucket {

    long start = Long.MIN_VALUE;
    final double[] min = new double[VitalsHistory.VITALS.length];
    final double[] max = new double[VitalsHistory.VITALS.length];
    final double[] sum = new double[VitalsHistory.VITALS.length];
    final int[] count = new int[VitalsHistory.VITALS.length];

    void reset(long bucketStart) {
        start = bucketStart;
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(count, 0);
    }

    void add(int vital, double value) {
        if (!Double.isNaN(value)) {
            min[vital] = Math.min(min[vital], value);
            max[vital] = Math.max(max[vital], value);
            sum[vital] += value;
            count[vital]++;
        }
    }
}
