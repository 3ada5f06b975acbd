package dev.nowcast.bench.e2e;

import java.util.Arrays;

/**
 * Percentiles of a sample (nearest rank: the smallest value with at least that share of the sample at or below
 * it), in the sample's unit.
 */
record Distribution(long count, double p50, double p99, double p999, double max) {

    static Distribution of(long[] values, int n) {
        if (n == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return new Distribution(n, rank(sorted, 0.5), rank(sorted, 0.99), rank(sorted, 0.999), sorted[n - 1]);
    }

    private static double rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
