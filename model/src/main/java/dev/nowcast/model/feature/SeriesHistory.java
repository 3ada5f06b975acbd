package dev.nowcast.model.feature;

/**
 * What the feature pipeline reads of a series' past: its last point, its running statistics (which
 * {@link FeaturePipeline#update} mutates) and lookups in its ring buffer of recent points.
 * {@code dev.nowcast.model.forecast.SeriesState} is the implementation.
 */
public interface SeriesHistory {
    /** Points accepted since the series (re)started; 0 before the first. */
    long observations();

    /** Timestamp of the last accepted point (meaningful when {@link #observations()} > 0). */
    long lastTimestamp();

    /** Value of the last accepted point (meaningful when {@link #observations()} > 0). */
    double lastValue();

    /** The live array of {@link FeaturePipeline#STATISTICS} running statistics. */
    double[] statistics();

    /** The live array of the smoothing's seasonal indices ({@link FeaturePipeline#seasonalLength()} floats). */
    float[] seasonal();

    /** Index of the ring point with exactly this timestamp, or -1. */
    int ringIndexOf(long timestamp);

    /** Value of the {@code i}-th oldest ring point. */
    float ringValue(int i);
}
