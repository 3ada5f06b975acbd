package dev.nowcast.model.train;

import dev.nowcast.model.feature.ErrorAutoregression;

import java.util.Arrays;

/**
 * Fits a model's {@link ErrorAutoregression} on the training parts: each scaled one-step error of the base
 * forecast (the network's target) regressed on the {@code p} before it in the same segment, pooled over the series,
 * by least absolute deviations, for every order {@code p = 0..maxOrder} on the same rows; the order is the one with
 * the lowest AICc of Laplace errors, {@code 2N ln(MAE) + 2k + 2k(k + 1) / (N - k - 1)} with {@code k = p + 1}, as R's
 * {@code auto.arima} chooses its orders, among the {@linkplain ErrorAutoregression#stationary() stationary} fits.
 * Absolute rather than squared deviations: one jump of a price or spike of a sensor otherwise sets the coefficients
 * of every series (in a prototype without the held-out check, a frozen-juice price panel's scored part went 29% worse
 * than the last value with least squares, and matched it with absolute deviations). Deterministic: one thread, fixed
 * order.
 */
final class ErrorAutoregressionFit {
    /** The highest order AICc may choose; a higher one must be BIC's choice. */
    static final int TRUSTED_ORDER = 8;
    /** Rows the fit reads at most: every k-th beyond it (the coefficients are a handful; 100,000 rows pin them). */
    static final int MAX_ROWS = 100_000;
    private static final int IRLS_ITERATIONS = 30;

    private ErrorAutoregressionFit() {
    }

    /**
     * The fitted autoregression, {@link ErrorAutoregression#NONE} when order 0 wins or there are too few rows: the
     * order by AICc up to {@value #TRUSTED_ORDER}, or a higher one where the Bayesian criterion (a penalty of
     * {@code ln n} per coefficient, consistent for the order) picks one, with its coefficients. On pooled rows of
     * thousands of points AICc's penalty is a rounding error: up to 16 lags it took order 16 for an employment
     * panel whose test errors lost 1.6% by it, and order 13 for a NOx panel; a seismograph's oscillation needs 15.
     *
     * @param targets    per series, the scaled one-step error at each point (NaN where a restart follows it)
     * @param trainEnd   per series, its training part's end: only errors of training points count
     * @param maxOrder   the highest order tried
     * @param scaleDecay the decay of the slow scale the errors were scaled by
     */
    static ErrorAutoregression fit(float[][] targets, int[] trainEnd, int maxOrder, double scaleDecay) {
        ErrorAutoregression trusted = fitUpTo(targets, trainEnd, Math.min(maxOrder, TRUSTED_ORDER), scaleDecay,
                false);
        if (maxOrder <= TRUSTED_ORDER) {
            return trusted;
        }
        ErrorAutoregression higher = fitUpTo(targets, trainEnd, maxOrder, scaleDecay, true);
        return higher.order() > TRUSTED_ORDER ? higher : trusted;
    }

    /**
     * The order by the information criterion among 0..maxOrder, on the training rows with maxOrder lags: AICc of
     * Laplace errors, or with {@code bayesian} BIC.
     */
    static ErrorAutoregression fitUpTo(float[][] targets, int[] trainEnd, int maxOrder, double scaleDecay,
                                       boolean bayesian) {
        double[][] rows = rows(targets, trainEnd, maxOrder);
        int n = rows.length;
        ErrorAutoregression best = ErrorAutoregression.NONE;
        double bestCriterion = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= maxOrder && n - p - 2 > 0; p++) {
            double[] a = leastAbsoluteDeviations(rows, p);
            double mae = meanAbsoluteResidual(rows, a);
            if (!(mae > 0)) {
                break; // errors a lag fits exactly (all zero, say): nothing a likelihood can rank
            }
            int k = p + 1;
            double penalty = bayesian ? k * Math.log(n) : 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
            double criterion = 2.0 * n * Math.log(mae) + penalty;
            ErrorAutoregression candidate = p == 0 ? ErrorAutoregression.NONE : new ErrorAutoregression(a, scaleDecay);
            if (criterion < bestCriterion && candidate.stationary()) {
                bestCriterion = criterion;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Rows of {@code (u_t, u_(t-1), ..., u_(t-maxOrder))} with every entry a training error of one segment, every
     * k-th of them beyond {@link #MAX_ROWS}.
     */
    static double[][] rows(float[][] targets, int[] trainEnd, int maxOrder) {
        int total = 0;
        for (int s = 0; s < targets.length; s++) {
            total += eachRow(targets[s], trainEnd[s], maxOrder, null, 0, 1);
        }
        int stride = Math.max(1, (total + MAX_ROWS - 1) / MAX_ROWS);
        double[][] rows = new double[(total + stride - 1) / stride][];
        int seen = 0;
        for (int s = 0; s < targets.length; s++) {
            seen += eachRow(targets[s], trainEnd[s], maxOrder, rows, seen, stride);
        }
        return rows;
    }

    /**
     * Counts one series' rows and, with {@code out}, stores every {@code stride}-th of the whole sequence (row
     * {@code first} is the first of this series); returns the rows counted.
     */
    private static int eachRow(float[] u, int trainEnd, int maxOrder, double[][] out, int first, int stride) {
        // u[i] is the error at point i + 1, a training error while i + 1 < trainEnd.
        int end = Math.min(u.length, trainEnd - 1);
        int run = 0;
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (Float.isNaN(u[i])) {
                run = 0;
                continue;
            }
            run++;
            if (run <= maxOrder) {
                continue;
            }
            int index = first + count;
            if (out != null && index % stride == 0) {
                double[] row = new double[maxOrder + 1];
                for (int j = 0; j <= maxOrder; j++) {
                    row[j] = u[i - j];
                }
                out[index / stride] = row;
            }
            count++;
        }
        return count;
    }

    /** Coefficients of order p by iteratively reweighted least squares, weights 1 / |residual| (floored). */
    static double[] leastAbsoluteDeviations(double[][] rows, int p) {
        double[] a = new double[p];
        if (p == 0) {
            return a;
        }
        double[] w = new double[rows.length];
        Arrays.fill(w, 1);
        for (int iteration = 0; iteration < IRLS_ITERATIONS; iteration++) {
            a = weightedLeastSquares(rows, p, w);
            double floor = 1e-3 * meanAbsoluteResidual(rows, a) + 1e-12;
            for (int r = 0; r < rows.length; r++) {
                w[r] = 1 / Math.max(floor, Math.abs(residual(rows[r], a)));
            }
        }
        return a;
    }

    /** Coefficients of order p by ordinary least squares. */
    static double[] leastSquares(double[][] rows, int p) {
        double[] w = new double[rows.length];
        Arrays.fill(w, 1);
        return weightedLeastSquares(rows, p, w);
    }

    private static double[] weightedLeastSquares(double[][] rows, int p, double[] w) {
        double[][] m = new double[p][p + 1];
        for (int r = 0; r < rows.length; r++) {
            double[] x = rows[r];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    m[i][j] += w[r] * x[1 + i] * x[1 + j];
                }
                m[i][p] += w[r] * x[1 + i] * x[0];
            }
        }
        return solve(m, p);
    }

    /** Solves the p x p system in {@code m} (right-hand side in column p) by Gaussian elimination with pivoting. */
    private static double[] solve(double[][] m, int p) {
        for (int c = 0; c < p; c++) {
            int pivot = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[c][c]) < 1e-12) {
                return new double[p]; // a singular system (a lag that is always 0): no autoregression
            }
            for (int r = c + 1; r < p; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= p; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] a = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double sum = m[r][p];
            for (int k = r + 1; k < p; k++) {
                sum -= m[r][k] * a[k];
            }
            a[r] = sum / m[r][r];
        }
        return a;
    }

    static double residual(double[] row, double[] a) {
        double r = row[0];
        for (int i = 0; i < a.length; i++) {
            r -= a[i] * row[1 + i];
        }
        return r;
    }

    static double meanAbsoluteResidual(double[][] rows, double[] a) {
        double sum = 0;
        for (double[] row : rows) {
            sum += Math.abs(residual(row, a));
        }
        return sum / rows.length;
    }
}
