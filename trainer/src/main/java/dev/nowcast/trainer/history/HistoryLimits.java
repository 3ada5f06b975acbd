package dev.nowcast.trainer.history;

import java.time.Instant;

/**
 * What a history read keeps, so that its memory is bounded whatever the size of the source: at most
 * {@code maxSeries} series (a uniform sample chosen by a hash of the key, see {@link SeriesSampler}), at most
 * {@code maxPointsPerSeries} most recent points of each, and only points at or after {@code from}.
 *
 * @param maxSeries          series kept (>= 1)
 * @param maxPointsPerSeries most recent points kept per series (>= 2)
 * @param from               earliest event time kept, or null for everything
 */
public record HistoryLimits(int maxSeries, int maxPointsPerSeries, Instant from) {
    /**
     * Default series cap: every series of the shipped datasets, and a sample big enough to learn a global model
     * of many, within a few hundred megabytes of heap (see docs/trainer.md).
     */
    public static final int DEFAULT_MAX_SERIES = 500;
    /** Default points cap per series: more than a year of hourly data, every point of the shipped datasets. */
    public static final int DEFAULT_MAX_POINTS = 10_000;

    public HistoryLimits {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("max series must be >= 1, got " + maxSeries);
        }
        if (maxPointsPerSeries < 2) {
            throw new IllegalArgumentException("max points per series must be >= 2, got " + maxPointsPerSeries);
        }
    }

    /** The defaults, from the beginning of the data. */
    public static HistoryLimits defaults() {
        return new HistoryLimits(DEFAULT_MAX_SERIES, DEFAULT_MAX_POINTS, null);
    }

    /** Epoch milliseconds of {@link #from()}, or {@link Long#MIN_VALUE} when unbounded. */
    long fromMillis() {
        return from == null ? Long.MIN_VALUE : from.toEpochMilli();
    }
}
