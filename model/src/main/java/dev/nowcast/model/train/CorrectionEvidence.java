package dev.nowcast.model.train;

/**
 * What the validation part said about the network's correction, as {@link ForecastTrainer} fitted and tested it: on
 * {@code points} validation points, the base forecast's MAE, the MAE with the best share {@code shrink} of the
 * correction, and the {@link Significance} statistic of that gain (the correction is kept only above
 * {@link Significance#CRITICAL_T}). A user whose model serves the base forecast alone can see how near the
 * correction came.
 *
 * @param points       validation points compared (0: not checked, e.g. a network never trained)
 * @param baseMae      the base forecast's MAE on them
 * @param correctedMae the MAE with the correction at {@code shrink}
 * @param shrink       the share of the correction with the lowest MAE (0: none of it helped)
 * @param t            the gain's statistic (NaN with fewer than two blocks of points)
 */
public record CorrectionEvidence(int points, double baseMae, double correctedMae, double shrink, double t) {
    /** No check: the network was not trained, or there were no validation points. */
    public static final CorrectionEvidence NONE = new CorrectionEvidence(0, Double.NaN, Double.NaN, 0, Double.NaN);

    /** Whether the gain passed the significance test. */
    public boolean significant() {
        return t > Significance.CRITICAL_T;
    }

    /** The relative gain of the corrected forecast over the base, {@code 1 - correctedMae / baseMae}. */
    public double gain() {
        return baseMae > 0 ? 1 - correctedMae / baseMae : 0;
    }
}
