package dev.nowcast.model.data;

/**
 * One row of a long-format file.
 *
 * @param covariates the row's covariates (possibly empty); the array is owned by the record's creator and not
 *                   copied
 */
public record Observation(String key, long timestamp, double value, double[] covariates) {
}
