package dev.nowcast.model.train;

/** What became of the error autoregression the trainer fitted ({@link ErrorAutoregressionFit}), and why. */
public enum AutoregressionChoice {
    /** The model carries it: it beat the base forecast on held-out points. */
    ON,
    /**
     * The model carries it in place of the network's correction: the correction passed its checks, and the
     * autoregression beat the corrected forecasts on the job's held-out part.
     */
    REPLACED_NETWORK,
    /** Off in the configuration (highest order 0). */
    CONFIGURED_OFF,
    /** The information criterion kept no lag of the errors on the training parts. */
    NO_LAG,
    /**
     * Not tried on validation: the network's correction forecasts the same errors. A later check on its own
     * held-out part tries it where it drops the correction, or where it beats the corrected forecasts there.
     */
    NETWORK_ON,
    /**
     * Too few validation points to check it on: a later check tries it on its validation and held-out parts
     * together.
     */
    TOO_FEW_POINTS,
    /** It did not beat the base forecast by a standard error on held-out points. */
    LOST
}
