package dev.nowcast.trainer.job;

/**
 * One-step forecasts of one series over (the end of) its held-out part, for plots: point {@code i} was
 * forecast at the previous point as {@code mean[i]} with standard deviation {@code stddev[i]}, and turned out
 * to be {@code actual[i]}. Arrays are owned by the record; do not modify.
 */
public record SeriesForecast(String key, long[] timestamps, double[] actual, double[] mean, double[] stddev) {
    public SeriesForecast {
        int n = timestamps.length;
        if (actual.length != n || mean.length != n || stddev.length != n) {
            throw new IllegalArgumentException("arrays of " + key + " differ in length");
        }
    }

    /** Points plotted. */
    public int size() {
        return timestamps.length;
    }
}
