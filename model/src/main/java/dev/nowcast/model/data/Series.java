package dev.nowcast.model.data;

import java.util.Arrays;

/**
 * One key's points in time order, in flat arrays (compact for millions of points). The arrays are not copied
 * by the constructor nor by the accessors: treat them as read-only. Like every record with array components,
 * {@code equals} compares the arrays by identity.
 *
 * @param timestamps     epoch milliseconds, strictly increasing
 * @param values         one per point
 * @param covariates     {@code size() * covariateCount} values, row-major (point i at {@code i*covariateCount})
 * @param covariateCount covariates per point
 */
public record Series(String key, long[] timestamps, double[] values, double[] covariates, int covariateCount) {
    public Series {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(key + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
        if (covariateCount < 0 || covariates.length != values.length * covariateCount) {
            throw new IllegalArgumentException(key + ": covariates has " + covariates.length + " values, expected "
                    + values.length + " x " + covariateCount);
        }
    }

    /** A series without covariates. */
    public Series(String key, long[] timestamps, double[] values) {
        this(key, timestamps, values, new double[0], 0);
    }

    public int size() {
        return values.length;
    }

    /** Covariates of point i into {@code dst} (length >= covariateCount), returned for chaining. */
    public double[] covariates(int i, double[] dst) {
        System.arraycopy(covariates, i * covariateCount, dst, 0, covariateCount);
        return dst;
    }

    /** The first {@code n} points (copies). */
    public Series head(int n) {
        return new Series(key, Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n),
                Arrays.copyOf(covariates, n * covariateCount), covariateCount);
    }
}
