package dev.nowcast.trainer.job;

/**
 * The champion/challenger verdict: whether the new snapshot (the challenger) is published, and why. Scores
 * are one-step MAE on the same held-out split (lower is better).
 *
 * @param publish          whether the challenger is published
 * @param forced           published only because {@code --force} was given
 * @param championVersion  the champion's version, or null when there is none
 * @param championScore    the champion's MAE, or null when there is none or it could not be scored
 * @param challengerScore  the challenger's MAE
 * @param summary          one line saying what was decided and why ({@code accepted: ...},
 *                         {@code accepted (forced): ...} or {@code rejected: ...}), as stored in the snapshot's
 *                         TrainingSummary.decision; whether an accepted snapshot was then published depends
 *                         on where the run writes
 */
public record Decision(boolean publish, boolean forced, Long championVersion, Double championScore,
                       double challengerScore, String summary) {
    /** The metric the decision compares. */
    public static final String METRIC = "mae";

    /** No champion: publish. */
    public static Decision noChampion(double challengerMae) {
        return new Decision(true, false, null, null, challengerMae,
                "accepted: no champion (challenger MAE " + fmt(challengerMae) + ")");
    }

    /**
     * A champion that cannot be scored on this data (e.g. it expects other covariates): the challenger wins,
     * since the champion could not serve this data either.
     */
    public static Decision unscorableChampion(long championVersion, String why, double challengerMae) {
        return new Decision(true, false, championVersion, null, challengerMae, "accepted: champion v"
                + championVersion + " cannot be scored on this data (" + why + "); challenger MAE "
                + fmt(challengerMae));
    }

    /**
     * Compares the two scores: the challenger is published if its MAE is strictly lower, or if
     * {@code force}. A tie is not an improvement: republishing an equal model would only churn the stream
     * app's state rebuilds.
     */
    public static Decision compare(long championVersion, double championMae, double challengerMae, boolean force) {
        boolean better = challengerMae < championMae;
        String comparison = "challenger MAE " + fmt(challengerMae) + (better ? " < " : " >= ") + "champion v"
                + championVersion + " MAE " + fmt(championMae);
        if (better) {
            return new Decision(true, false, championVersion, championMae, challengerMae,
                    "accepted: better than the champion (" + comparison + ")");
        }
        if (force) {
            return new Decision(true, true, championVersion, championMae, challengerMae,
                    "accepted (forced): not better than the champion (" + comparison + ")");
        }
        return new Decision(false, false, championVersion, championMae, challengerMae,
                "rejected: not better than the champion (" + comparison + ")");
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
