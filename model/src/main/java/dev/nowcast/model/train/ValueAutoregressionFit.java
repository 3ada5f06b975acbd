package dev.nowcast.model.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.ValueAutoregression;

/**
 * Fits a model's {@link ValueAutoregression} on the training parts, before the job chooses its weight on later
 * points: for each form (deviations from the level, changes, changes over each of the smoothing's seasons that fits
 * the ring with its lags), the pooled least-squares coefficients of every order {@code p = 0..}{@value
 * ValueAutoregression#MAX_ORDER} on the same rows, the order by AIC among the stationary fits (a shock fades); then
 * the form whose one-step forecasts have the
 * lowest scaled MAE there. Each series' rows are divided by its mean absolute change, so that a panel's large
 * series do not set the coefficients of the small ones (the forecast itself is scale-free). Deterministic: one
 * thread, fixed order.
 */
final class ValueAutoregressionFit {

    private ValueAutoregressionFit() {
    }

    /**
     * The best form's autoregression at weight 0 (the caller chooses the weight), or null when no form has rows.
     *
     * @param trainEnd per series, its training part's end
     * @param seasons  the seasons in steps the changes may be taken over
     * @param maxSpan  the most past points a forecast may read (the ring a state keeps anyway)
     * @param maxGapMillis a longer gap restarts a series, as serving restarts it
     */
    static ValueAutoregression fit(List<Series> series, int[] trainEnd, FeaturePipeline pipeline, int[] seasons,
                                   int maxSpan, long maxGapMillis) {
        double[][] levels = new double[series.size()][];
        int[][] starts = new int[series.size()][];
        double[] scales = new double[series.size()];
        for (int s = 0; s < series.size(); s++) {
            Series x = series.get(s);
            levels[s] = pipeline.levels(x.timestamps(), x.values(), maxGapMillis);
            starts[s] = segmentStarts(pipeline, x.timestamps(), maxGapMillis);
            scales[s] = meanAbsoluteChange(x.values(), trainEnd[s]);
        }
        ValueAutoregression best = null;
        double bestMae = Double.POSITIVE_INFINITY;
        for (int lag : lags(seasons, maxSpan)) {
            double[][] rows = rows(series, trainEnd, levels, starts, scales, lag);
            ValueAutoregression form = order(rows, lag);
            if (form == null) {
                continue;
            }
            double mae = ErrorAutoregressionFit.meanAbsoluteResidual(rows, form.coefficients());
            if (mae < bestMae) {
                bestMae = mae;
                best = form;
            }
        }
        return best;
    }

    /** 0 and 1, and each season that holds its lags within {@code maxSpan}. */
    static int[] lags(int[] seasons, int maxSpan) {
        return IntStream.concat(IntStream.of(0, 1),
                Arrays.stream(seasons).filter(m -> m > 1 && m + ValueAutoregression.MAX_ORDER <= maxSpan))
                .distinct().toArray();
    }

    /**
     * The order by AIC (Gaussian, the rows' least squares) among the stationary fits of orders 0..MAX_ORDER; null
     * with too few rows.
     */
    private static ValueAutoregression order(double[][] rows, int lag) {
        int n = rows.length;
        ValueAutoregression best = null;
        double bestCriterion = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= ValueAutoregression.MAX_ORDER && n > p + 4; p++) {
            double[] a = ErrorAutoregressionFit.leastSquares(rows, p);
            double rss = 0;
            for (double[] row : rows) {
                double r = ErrorAutoregressionFit.residual(row, a);
                rss += r * r;
            }
            double criterion = n * Math.log(rss / n + Double.MIN_NORMAL) + 2.0 * p;
            ValueAutoregression candidate = new ValueAutoregression(lag, a, 0);
            if (criterion < bestCriterion && candidate.stationary()) {
                bestCriterion = criterion;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Rows {@code (z_t, z_(t-1), ..., z_(t-MAX_ORDER))} of every training point with all its lags since the series'
     * last restart (as serving reads them: a restart empties the ring), where {@code z_(t-i) = (y_(t-i) - r_i) /
     * scale} and {@code r_i} is the level at t - 1 (lag 0) or {@code y_(t-i-lag)}; every k-th of them beyond
     * {@link ErrorAutoregressionFit#MAX_ROWS}. Series that never change have no scale and no rows.
     *
     * @param starts per series and point, the index of the point its segment (since the last restart) starts at
     */
    static double[][] rows(List<Series> series, int[] trainEnd, double[][] levels, int[][] starts, double[] scales,
                           int lag) {
        int reach = Math.max(1, lag + ValueAutoregression.MAX_ORDER);
        int total = 0;
        for (int s = 0; s < series.size(); s++) {
            for (int t = reach; scales[s] > 0 && t < trainEnd[s]; t++) {
                total += t - reach >= starts[s][t] ? 1 : 0;
            }
        }
        int stride = Math.max(1, (total + ErrorAutoregressionFit.MAX_ROWS - 1) / ErrorAutoregressionFit.MAX_ROWS);
        double[][] rows = new double[(total + stride - 1) / stride][];
        int index = 0;
        for (int s = 0; s < series.size(); s++) {
            double[] y = series.get(s).values();
            for (int t = reach; scales[s] > 0 && t < trainEnd[s]; t++) {
                if (t - reach < starts[s][t]) {
                    continue;
                }
                if (index % stride == 0) {
                    rows[index / stride] = row(y, t, levels[s][t - 1], scales[s], lag);
                }
                index++;
            }
        }
        return rows;
    }

    /** Per point, the index of the first point since the series last restarted (a gap over {@code maxGapMillis}). */
    static int[] segmentStarts(FeaturePipeline pipeline, long[] timestamps, long maxGapMillis) {
        int[] starts = new int[timestamps.length];
        for (int i = 1; i < timestamps.length; i++) {
            starts[i] = pipeline.restarts(timestamps[i - 1], timestamps[i], maxGapMillis) ? i : starts[i - 1];
        }
        return starts;
    }

    private static double[] row(double[] y, int t, double level, double scale, int lag) {
        double[] row = new double[ValueAutoregression.MAX_ORDER + 1];
        for (int i = 0; i <= ValueAutoregression.MAX_ORDER; i++) {
            row[i] = (y[t - i] - (lag == 0 ? level : y[t - i - lag])) / scale;
        }
        return row;
    }

    /** Mean |y_t - y_(t-1)| over the first {@code end} points (0 for a constant or single point). */
    private static double meanAbsoluteChange(double[] y, int end) {
        double sum = 0;
        for (int i = 1; i < end; i++) {
            sum += Math.abs(y[i] - y[i - 1]);
        }
        return end > 1 ? sum / (end - 1) : 0;
    }
}
