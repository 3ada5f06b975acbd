package dev.nowcast.trainer.suite;

import java.util.Arrays;

import dev.nowcast.model.forecast.NormalDistribution;

/**
 * One dataset's scores against the bar of the accuracy suite (its README): MAE at most the best classical
 * forecast and never above {@value #SIMPLE_TOLERANCE} x the better simple rule; p10-p90 coverage in
 * [{@value #H1_LOW}, {@value #H1_HIGH}] at horizon 1 and in [{@value #ANY_LOW}, {@value #ANY_HIGH}] at every
 * horizon; per series, coverage in [{@value #ANY_LOW}, {@value #ANY_HIGH}] on at least {@value #KEYS_IN_BAND} of
 * the keys.
 *
 * @param mae               the model's one-step MAE on the scored points, pooled over keys
 * @param naiveMae          the naive forecast's MAE on the same points, as the evaluator computes it
 * @param seasonalNaiveMae  the seasonal-naive one (NaN without a season)
 * @param baselines         the classical forecasts' MAE from the suite (NaN where absent)
 * @param coverageByHorizon p10-p90 coverage at horizons 1..H (NaN where no forecast matched a point)
 * @param keysInBand        share of keys whose one-step coverage is within the per-series band
 * @param intervalScore     mean {@linkplain #intervalScore(double, double, double) interval score} of the one-step
 *                          p10-p90 intervals over the naive MAE on the same points: coverage alone rewards wide
 *                          intervals, this is lower only for intervals both narrow and calibrated
 * @param model             what the trainer chose, in words
 */
public record SuiteResult(String name, String kind, int season, int series, long scored, double mae,
                          double naiveMae, double seasonalNaiveMae, Baselines baselines, double coverage,
                          double[] coverageByHorizon, double keysInBand, double intervalScore, long trainMillis,
                          String model) {
    public static final double SIMPLE_TOLERANCE = 1.02;
    public static final double H1_LOW = 0.75;
    public static final double H1_HIGH = 0.85;
    public static final double ANY_LOW = 0.70;
    public static final double ANY_HIGH = 0.90;
    public static final double KEYS_IN_BAND = 0.90;
    /**
     * stat_baselines.json gives MAEs to five significant digits: a model equal to the naive forecast (a random
     * walk's best) would otherwise fail by the rounding of its own baseline.
     */
    static final double BASELINE_PRECISION = 5e-5;
    /** Share of points a p10-p90 interval leaves out, below and above together. */
    private static final double OUTSIDE_SHARE = 0.2;

    public SuiteResult {
        coverageByHorizon = coverageByHorizon.clone();
    }

    /**
     * The interval score of a p10-p90 interval (Gneiting and Raftery 2007, the M4 competition's MSIS before its
     * scaling): its width, plus 2 / 0.2 times the distance by which the actual value falls outside it. Its
     * expectation is lowest for the true 10% and 90% quantiles.
     */
    public static double intervalScore(double actual, double mean, double stddev) {
        double half = NormalDistribution.Z90 * stddev;
        double lower = mean - half;
        double upper = mean + half;
        return upper - lower + 2 / OUTSIDE_SHARE * (Math.max(0, lower - actual) + Math.max(0, actual - upper));
    }

    @Override
    public double[] coverageByHorizon() {
        return coverageByHorizon.clone();
    }

    /** MAE over the best classical forecast's (NaN without baselines; 1 when both are 0, a constant set's tie). */
    public double ratioToBestClassical() {
        double best = baselines.bestClassical();
        return mae == 0 && best == 0 ? 1 : mae / best;
    }

    /** At most the best classical MAE, a tie within the baselines' printed precision counting as at most. */
    public boolean atMostBestClassical() {
        return mae <= baselines.bestClassical() * (1 + BASELINE_PRECISION);
    }

    public boolean withinSimpleRules() {
        return mae <= SIMPLE_TOLERANCE * baselines.bestSimple() * (1 + BASELINE_PRECISION);
    }

    public double lowestHorizonCoverage() {
        return Arrays.stream(coverageByHorizon).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    public double highestHorizonCoverage() {
        return Arrays.stream(coverageByHorizon).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** Every interval condition of the bar. */
    public boolean intervalsCalibrated() {
        return coverage >= H1_LOW && coverage <= H1_HIGH && lowestHorizonCoverage() >= ANY_LOW
                && highestHorizonCoverage() <= ANY_HIGH && keysInBand >= KEYS_IN_BAND;
    }

    /** Every condition of the bar. */
    public boolean meetsBar() {
        return atMostBestClassical() && withinSimpleRules() && intervalsCalibrated();
    }
}
