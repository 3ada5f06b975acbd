package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.Significance;

/**
 * The job's last check of a model whose base forecast is not the last value: on the held-out part, after everything
 * it was fitted and checked on, it must not lose to the last value. On {@value #MIN_TESTED_POINTS} points or more it
 * loses only by a significant margin ({@link Significance}); on fewer, by any margin: the last value is the simpler
 * model, and a model that cannot show it is ahead where it will serve next has not earned its complexity. The
 * smoothing search already gives way to the last value on the trainer's validation part, but a short series'
 * validation part can predate the change that matters: of an annual count series' 80 points given to the job, the
 * search took the running mean of the first 64, which averaged 3 a year; on the 16 held-out ones the last value was
 * better (MAE 1.31 against 1.38), as it was on the 20 years scored after them (1.10 against 1.72;
 * docs/benchmarks.md, step 26).
 */
final class LastValueCheck {
    /** Held-out points from which the loss must be significant (five blocks of the test). */
    static final int MIN_TESTED_POINTS = 50;

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
            String test = points < MIN_TESTED_POINTS ? String.format(Locale.ROOT,
                    "fewer than %d, so the lower MAE decides", MIN_TESTED_POINTS)
                    : String.format(Locale.ROOT, "t = %.2f", t);
            return String.format(Locale.ROOT, "on the held-out part the model lost to the last value (MAE %.5g "
                    + "against %.5g on %d points, %s): %s", modelMae, naiveMae, points, test, retrained
                    ? "trained again with the last value as its base forecast"
                    : "not trained again, since training was stopped; the last value may serve better");
        }
    }

    /**
     * The rule: {@code lastValue} beats {@code model} on {@code actual} significantly on at least
     * {@value #MIN_TESTED_POINTS} points, or has the lower MAE on fewer.
     */
    static boolean loses(double[] actual, double[] model, double[] lastValue) {
        return actual.length < MIN_TESTED_POINTS
                ? ForecastTrainer.mae(actual, lastValue) < ForecastTrainer.mae(actual, model)
                : Significance.better(actual, model, lastValue);
    }

    /**
     * Collects the held-out one-step forecasts as the job's evaluation scores them, beside the last value before
     * each point (the evaluator never scores a series' first point: a forecast needs a point before it), so that
     * the check costs no pass of its own.
     */
    static final class Collector implements OfflineEvaluator.ForecastListener {
        private final List<Series> series;
        private double[][] cols = new double[3][1024];
        private int n;

        Collector(List<Series> series) {
            this.series = series;
        }

        @Override
        public void onForecast(int s, int point, long timestamp, double actual, double mean, double stddev) {
            if (n == cols[0].length) {
                for (int c = 0; c < cols.length; c++) {
                    cols[c] = Arrays.copyOf(cols[c], 2 * n);
                }
            }
            cols[0][n] = actual;
            cols[1][n] = mean;
            cols[2][n++] = series.get(s).values()[point - 1];
        }

        /** The evidence on the points collected ({@link Evidence#NONE} without any). */
        Evidence evidence() {
            if (n == 0) {
                return Evidence.NONE;
            }
            double[] actual = Arrays.copyOf(cols[0], n);
            double[] model = Arrays.copyOf(cols[1], n);
            double[] lastValue = Arrays.copyOf(cols[2], n);
            return new Evidence(n, ForecastTrainer.mae(actual, model), ForecastTrainer.mae(actual, lastValue),
                    Significance.tStatistic(actual, model, lastValue), loses(actual, model, lastValue));
        }
    }
}
