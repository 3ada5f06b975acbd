package dev.nowcast.model.train;

/** What the trainer chose for each series' error persistence ({@code persistenceDecay}), and why. */
public enum PersistenceChoice {
    /** Each series carries its errors' persistence. */
    ON,
    /** Off in the configuration. */
    CONFIGURED_OFF,
    /**
     * Off: the base is the last value, because nothing beat it in the smoothing search or because smoothing is off;
     * a random walk's changes have no persistence worth a term.
     */
    LAST_VALUE_BASE,
    /** Off: the forecasts without it beat those with it significantly on the validation part. */
    LOST_ON_VALIDATION
}
