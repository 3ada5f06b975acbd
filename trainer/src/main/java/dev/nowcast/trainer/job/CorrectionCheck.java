package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.train.AutoregressionChoice;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.Significance;
import dev.nowcast.model.train.TrainingResult;

/**
 * The network's correction must prove itself twice: on the trainer's validation part (where its shrinkage was
 * fitted) and again on the job's held-out part, later in time and never used in fitting. A correction that does
 * not beat the base forecast significantly there is dropped ({@code meanScale} 0) before the model is scored and
 * published: on short panels a validation gain can be the luck of one period, and a network that extrapolates
 * wrongly costs far more than the smoothing it corrects. In its place the model takes the trainer's error
 * autoregression when that beats the base forecast there, by the trainer's own standard for it; a correction that
 * passes gives way to it too where it beats the corrected forecasts there significantly on at least 50 points (a
 * seismograph's 15 lags against a network that learned some of them); so does a model
 * without a correction whose validation part had too few points to check the autoregression on, checked then on its
 * validation and held-out parts together: the autoregression's coefficients and order come from the training part,
 * and without a correction nothing of the point forecasts was fitted on the validation part (only pass/fail choices
 * of the base forecast were made there, the smoothing's and the error persistence's checks, shared by both sides of
 * this comparison), so both parts are out of sample for it, and a short series has about twice the points.
 */
final class CorrectionCheck {
    private CorrectionCheck() {
    }

    /**
     * {@code result}, or the same model without the network's correction when it does not pass on the holdout;
     * with the error autoregression, calibrated again on the training parts' validation part, when that was left
     * to this check and passes here (on the validation part and the holdout together, for a model without a
     * correction).
     *
     * @param series        the whole series, whose last {@code holdoutFraction} is the holdout
     * @param trainingParts the parts before it, which the model was trained on
     */
    static Checked check(TrainingResult result, List<Series> series, List<Series> trainingParts,
                         double holdoutFraction, int threads) {
        if (result.pipeline().meanScale() == 0) {
            if (result.autoregressionChoice() != AutoregressionChoice.TOO_FEW_POINTS) {
                return new Checked(result, HeldOut.NONE);
            }
            int[] unseen = starts(result, trainingParts, result.config().validationFraction());
            return new Checked(withAutoregressionIfItWins(result, oneStep(result, series, unseen, threads), series,
                    trainingParts, unseen, threads), HeldOut.NONE);
        }
        int[] holdout = starts(result, series, holdoutFraction);
        TrainingResult base = result.withPipeline(result.pipeline().withCalibration(0, result.pipeline().stddevScale()));
        double[][] full = oneStep(result, series, holdout, threads);
        double[][] alone = oneStep(base, series, holdout, threads);
        HeldOut heldOut = HeldOut.of(full[0], alone[1], full[1]);
        if (heldOut.passed()) {
            return new Checked(result.autoregressionChoice() == AutoregressionChoice.NETWORK_ON
                    ? autoregressionIfItBeatsTheNetwork(result, base, full, series, trainingParts, holdout, threads)
                    : result, heldOut);
        }
        return new Checked(result.autoregressionChoice() == AutoregressionChoice.NETWORK_ON
                ? withAutoregressionIfItWins(base, alone, series, trainingParts, holdout, threads) : base, heldOut);
    }

    /** A checked model and what the held-out part said of its correction ({@link HeldOut#NONE}: it had none). */
    record Checked(TrainingResult result, HeldOut heldOut) {
    }

    /**
     * The corrected forecasts' MAE on the held-out part against the base forecast's, and the gain's t-statistic
     * ({@link Significance}): the correction passes above {@link Significance#CRITICAL_T}.
     */
    record HeldOut(int points, double correctedMae, double baseMae, double t) {
        static final HeldOut NONE = new HeldOut(0, Double.NaN, Double.NaN, Double.NaN);

        static HeldOut of(double[] actual, double[] base, double[] corrected) {
            return new HeldOut(actual.length, ForecastTrainer.mae(actual, corrected), ForecastTrainer.mae(actual, base),
                    Significance.tStatistic(actual, base, corrected));
        }

        boolean passed() {
            return t > Significance.CRITICAL_T;
        }

        /** "on N held-out points it cut the MAE by x% (a against b), t = t", or why there is no t. */
        String describe() {
            String numbers = String.format(Locale.ROOT, "on %d held-out points it %s the MAE by %.1f%% (%.5g against "
                    + "%.5g)", points, correctedMae <= baseMae ? "cut" : "raised",
                    100 * Math.abs(1 - correctedMae / baseMae), correctedMae, baseMae);
            return Double.isNaN(t) ? numbers + ", too few to test (" + Significance.MIN_POINTS + " are needed)"
                    : String.format(Locale.ROOT, "%s, t = %.2f, short of the %.1f it needs", numbers, t,
                    Significance.CRITICAL_T);
        }
    }

    /**
     * What the job warns of when the held-out part took away a correction validation had kept ({@code trained}:
     * before the checks, {@code corrected}: this check's outcome, {@code checked}: after every check), with the
     * held-out numbers, or null.
     */
    static String warning(TrainingResult trained, Checked corrected, TrainingResult checked) {
        // The share is a multiple of 0.05 on the calibration's grid: printed as such, not as its binary sum.
        String share = String.format(Locale.ROOT, "x%.2f", trained.pipeline().meanScale());
        if (checked.autoregressionChoice() == AutoregressionChoice.REPLACED_NETWORK) {
            return "the network's correction (" + share + " on validation) beat the base forecast on the held-out "
                    + "part, but the error autoregression beat it there: the model serves the base forecast with the "
                    + "autoregression";
        }
        if (corrected.result().pipeline().meanScale() != trained.pipeline().meanScale()) {
            return "the network's correction (" + share + " on validation) does not beat the base forecast "
                    + "significantly on the held-out part (" + corrected.heldOut().describe() + "): the model serves "
                    + "the base forecast" + (checked.pipeline().errorAutoregression().order() > 0
                    ? " with the error autoregression, which beat it there" : "");
        }
        return null;
    }

    /**
     * {@code result}, or {@code base} with the trainer's error autoregression in place of the network's correction
     * where that beats the corrected forecasts ({@code full}) significantly on the holdout: the network's
     * thousands of weights against a handful of coefficients, both fitted before the holdout.
     */
    private static TrainingResult autoregressionIfItBeatsTheNetwork(TrainingResult result, TrainingResult base,
                                                                    double[][] full, List<Series> series,
                                                                    List<Series> trainingParts, int[] holdout,
                                                                    int threads) {
        FeaturePipeline withAr = base.pipeline().withErrorAutoregression(base.autoregression());
        double[][] forecasts = oneStep(base.withPipeline(withAr), series, holdout, threads);
        return ForecastTrainer.autoregressionBeatsTheNetwork(full[0], full[1], forecasts[1])
                ? ForecastTrainer.withAutoregression(base, trainingParts, AutoregressionChoice.REPLACED_NETWORK) : result;
    }

    /**
     * {@code base} with the trainer's error autoregression when it beats {@code base}'s forecasts ({@code alone}) on
     * the points from {@code from} on.
     */
    private static TrainingResult withAutoregressionIfItWins(TrainingResult base, double[][] alone,
                                                             List<Series> series, List<Series> trainingParts,
                                                             int[] from, int threads) {
        FeaturePipeline withAr = base.pipeline().withErrorAutoregression(base.autoregression());
        double[][] forecasts = oneStep(base.withPipeline(withAr), series, from, threads);
        AutoregressionChoice choice = ForecastTrainer.autoregressionCheck(alone[0], alone[1], forecasts[1]);
        return choice == AutoregressionChoice.ON ? ForecastTrainer.withAutoregression(base, trainingParts)
                : base.withAutoregression(base.pipeline(), choice);
    }

    /**
     * Where the last {@code fraction} of each of {@code parts} starts, as the trainer and the evaluator split it: with
     * the held-out fraction and the whole series, the holdout; with the validation fraction and the training parts,
     * their validation parts, and with them the holdout after.
     */
    static int[] starts(TrainingResult r, List<Series> parts, double fraction) {
        OfflineEvaluator split = new OfflineEvaluator(r.forecaster(0)).withTestFraction(fraction);
        return parts.stream().mapToInt(p -> split.splitIndex(p.size())).toArray();
    }

    /** Actual values and one-step means of each series' points from {@code from} on. */
    static double[][] oneStep(TrainingResult r, List<Series> series, int[] from, int threads) {
        double[][] cols = oneStep(r, series, from, from, threads);
        return new double[][] {cols[0], cols[1]};
    }

    /**
     * {@link #oneStep(TrainingResult, List, int[], int)} with a third column: 1 for a point at or after
     * {@code late[s]} of its series (its holdout, say), 0 for one before.
     */
    static double[][] oneStep(TrainingResult r, List<Series> series, int[] from, int[] late, int threads) {
        // One evaluator for every series: a test part reaching back to each first point, the points before it left out.
        double fraction = 0;
        for (int s = 0; s < from.length; s++) {
            int size = series.get(s).size();
            fraction = Math.max(fraction, (size - from[s] + 0.5) / size);
        }
        double[][] cols = {new double[1024], new double[1024], new double[1024]};
        int[] n = {0};
        new OfflineEvaluator(r.forecaster(0).withHorizon(1)).withTestFraction(Math.min(fraction, Math.nextDown(1.0)))
                .withThreads(threads).withListener((s, p, t, actual, mean, sd) -> {
                    if (p < from[s]) {
                        return;
                    }
                    if (n[0] == cols[0].length) {
                        for (int c = 0; c < cols.length; c++) {
                            cols[c] = Arrays.copyOf(cols[c], 2 * n[0]);
                        }
                    }
                    cols[0][n[0]] = actual;
                    cols[1][n[0]] = mean;
                    cols[2][n[0]++] = p >= late[s] ? 1 : 0;
                }).evaluate(series);
        return new double[][] {Arrays.copyOf(cols[0], n[0]), Arrays.copyOf(cols[1], n[0]), Arrays.copyOf(cols[2], n[0])};
    }
}
