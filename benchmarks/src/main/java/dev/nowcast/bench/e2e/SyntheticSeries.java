package dev.nowcast.bench.e2e;

import java.util.ArrayList;
import java.util.List;

import dev.nowcast.model.data.Series;

/**
 * The benchmark's data: {@code count} hourly series, each a daily cycle with its own phase and level plus
 * deterministic noise, so that every run of every scenario sees the same values. Observation {@code i} of the run
 * is point {@code i / count} of series {@code i % count}: every series advances one step before any advances two,
 * as a live feed of sensors would arrive.
 *
 * <p>The values do not change what a step costs; they only need to look like a real series so that the model's
 * outputs (anomalies among them) occur at a realistic rate.
 */
public final class SyntheticSeries {

    /** One hour between the points of a series. */
    public static final long STEP_MILLIS = 3_600_000L;
    /** 2001-01-01T00:00:00Z: historic event times, well inside the app's plausibility window. */
    public static final long START_MILLIS = 978_307_200_000L;
    private static final String PREFIX = "sensor-";

    private final int count;

    SyntheticSeries(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one series, got " + count);
        }
        this.count = count;
    }

    int count() {
        return count;
    }

    /** The id of series {@code k}: the record key and {@code Observation.seriesId}. */
    static String id(int k) {
        return PREFIX + k;
    }

    /** The index of the series with this id, or -1 if it is not one of ours. */
    static int index(CharSequence id) {
        if (id.length() <= PREFIX.length()) {
            return -1;
        }
        int k = 0;
        for (int i = PREFIX.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            k = 10 * k + (c - '0');
        }
        return k;
    }

    /** The sequence number of an observation, from its series and its event time. */
    long sequence(int series, long timestamp) {
        return (timestamp - START_MILLIS) / STEP_MILLIS * count + series;
    }

    static int seriesOf(long sequence, int count) {
        return (int) (sequence % count);
    }

    int seriesOf(long sequence) {
        return seriesOf(sequence, count);
    }

    long timestampOf(long sequence) {
        return START_MILLIS + sequence / count * STEP_MILLIS;
    }

    double valueOf(long sequence) {
        return value(seriesOf(sequence), sequence / count);
    }

    /** Point {@code step} of series {@code k}. */
    public static double value(int k, long step) {
        double phase = 2 * Math.PI * (step % 24) / 24.0 + (k % 97) * 0.37;
        return 50 + (k % 13) * 4 + 10 * Math.sin(phase) + noise(k, step);
    }

    /** Roughly standard-normal noise from a hash of (series, step), scaled to 0.8. */
    private static double noise(int k, long step) {
        long z = k * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // The sum of four uniform bytes has variance 4/12 in units of 256: centred and scaled, close to normal.
        double sum = (z & 0xFF) + ((z >>> 8) & 0xFF) + ((z >>> 16) & 0xFF) + ((z >>> 24) & 0xFF);
        return 0.8 * (sum / 255.0 - 2.0) / Math.sqrt(4 / 12.0);
    }

    /** The first {@code points} points of series 0 to {@code keys - 1}, as training data. */
    static List<Series> history(int keys, int points) {
        List<Series> series = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            long[] timestamps = new long[points];
            double[] values = new double[points];
            for (int i = 0; i < points; i++) {
                timestamps[i] = START_MILLIS + i * STEP_MILLIS;
                values[i] = value(k, i);
            }
            series.add(new Series(id(k), timestamps, values));
        }
        return series;
    }
}
