package dev.nowcast.trainer.job;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.Significance;
import dev.nowcast.model.train.TrainingResult;

/**
 * The job's last check of a model whose base forecast is not the last value: on the held-out part, after everything
 * it was fitted and checked on, it must not lose to the last value, significantly on at least
 * {@value ForecastTrainer#MIN_AUTOREGRESSION_POINTS} points and at all on fewer, where the test's handful of blocks
 * cannot tell a loss from chance (as the autoregressions' checks, which need that many points to pass). The
 * smoothing search already gives way to the last value on the validation part, but a short series' validation part
 * can predate the change that matters: an annual count series of 80 training years averaged 3 a year, the search
 * chose the running mean, and in the last 16 years, the held-out part, the last value was better (MAE 1.31 against
 * 1.38), as it was on the 20 years scored after them (1.10 against 1.72; docs/benchmarks.md, step 26).
 */
final class LastValueCheck {
    private LastValueCheck() {
    }

    /**
     * What the held-out part says of the model against the last value.
     *
     * @param points   one-step forecasts compared
     * @param modelMae the model's MAE on them
     * @param naiveMae the last value's
     * @param t        the last value's gain in standard errors ({@link Significance#tStatistic}; NaN on fewer than
     *                 two blocks)
     * @param lost     whether the model lost by the rule above
     */
    record Evidence(int points, double modelMae, double naiveMae, double t, boolean lost) {
        /** Nothing compared: a model on the last value already, or no held-out point. */
        static final Evidence NONE = new Evidence(0, Double.NaN, Double.NaN, Double.NaN, false);

        /**
         * The job's warning for a model that lost, with the numbers.
         *
         * @param retrained whether the job trained it again on the last value (not when training was stopped by hand)
         */
        String describe(boolean retrained) {
            String test = points < ForecastTrainer.MIN_AUTOREGRESSION_POINTS ? String.format(Locale.ROOT,
                    "fewer than %d, so the lower MAE decides", ForecastTrainer.MIN_AUTOREGRESSION_POINTS)
                    : String.format(Locale.ROOT, "t = %.2f", t);
            return String.format(Locale.ROOT, "on the held-out part the model lost to the last value (MAE %.5g "
                    + "against %.5g on %d points, %s): %s", modelMae, naiveMae, points, test, retrained
                    ? "trained again with the last value as its base forecast"
                    : "not trained again, since training was stopped; the last value may serve better");
        }
    }

    /**
     * The model's one-step forecasts against the last value's on the held-out part.
     *
     * @param series the whole series, whose last {@code holdoutFraction} is the held-out part
     */
    static Evidence check(TrainingResult result, List<Series> series, double holdoutFraction, int threads) {
        if (result.pipeline().smoothing().naive()) {
            return Evidence.NONE;
        }
        double[][] f = withLastValue(CorrectionCheck.oneStep(result, series,
                CorrectionCheck.starts(result, series, holdoutFraction), threads));
        if (f[0].length == 0) {
            return Evidence.NONE;
        }
        return new Evidence(f[0].length, ForecastTrainer.mae(f[0], f[1]), ForecastTrainer.mae(f[0], f[2]),
                Significance.tStatistic(f[0], f[1], f[2]), loses(f[0], f[1], f[2]));
    }

    /**
     * The rule: {@code lastValue} beats {@code model} on {@code actual} significantly on at least
     * {@value ForecastTrainer#MIN_AUTOREGRESSION_POINTS} points, or has the lower MAE on fewer.
     */
    static boolean loses(double[] actual, double[] model, double[] lastValue) {
        return actual.length < ForecastTrainer.MIN_AUTOREGRESSION_POINTS
                ? ForecastTrainer.mae(actual, lastValue) < ForecastTrainer.mae(actual, model)
                : Significance.better(actual, model, lastValue);
    }

    /** The rows of {@code f} (actual, mean, last value) that have a last value: a series' first point has none. */
    private static double[][] withLastValue(double[][] f) {
        int[] rows = IntStream.range(0, f[0].length).filter(i -> !Double.isNaN(f[2][i])).toArray();
        double[][] kept = new double[f.length][rows.length];
        for (int c = 0; c < f.length; c++) {
            for (int i = 0; i < rows.length; i++) {
                kept[c][i] = f[c][rows[i]];
            }
        }
        return kept;
    }
}
