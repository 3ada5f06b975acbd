package dev.nowcast.model.forecast;

/** What {@link Forecaster#observe} did with an observation. */
public enum Outcome {
    /** The point was accepted: scored, integrated, forecast. */
    ACCEPTED,
    /** Its timestamp is older than the series' last one; the state is untouched. */
    LATE,
    /** Its timestamp equals the series' last one; the state is untouched. */
    DUPLICATE
}
