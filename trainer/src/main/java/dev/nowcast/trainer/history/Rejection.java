package dev.nowcast.trainer.history;

/** Why a history record was not used; counted and reported, never fatal (except in a CSV, see below). */
public enum Rejection {
    /** The value bytes are not a readable {@code Observation} (or are a tombstone). */
    UNDECODABLE,
    /** The record key differs from the observation's seriesId (the stream app dead-letters these too). */
    KEY_MISMATCH,
    /** The value or a covariate is NaN or infinite. */
    NON_FINITE,
    /** Older than the series' previous point (late); in a CSV this is a format error instead. */
    LATE,
    /** The same timestamp as the series' previous point; in a CSV this is a format error instead. */
    DUPLICATE,
    /** A different number of covariates than the series' first point (or than the sample's majority). */
    COVARIATE_COUNT
}
