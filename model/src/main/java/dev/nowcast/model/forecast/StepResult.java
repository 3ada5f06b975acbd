package dev.nowcast.model.forecast;

/**
 * The result of one {@link Forecaster#observe} call, owned by the caller and reused for every call of a thread
 * (it also carries that thread's {@link StepBuffers}, so a shared {@link Forecaster} needs no locks and allocates
 * nothing per call). Every field is overwritten by each call; read them before the next one. Horizons are
 * numbered 1..{@link #horizon()}.
 *
 * <p>Scoring fields ({@link #scored()} and those after it) describe the previous one-step forecast of the
 * series against this observation; they are meaningful only when {@link #scored()} is true.
 */
public final class StepResult {
    Outcome outcome = Outcome.ACCEPTED;
    boolean restarted;
    boolean rebuilt;
    boolean warm;
    boolean scored;
    double absError;
    double naiveAbsError;
    double seasonalNaiveAbsError;
    boolean insideInterval;
    boolean outsideBounds;
    boolean anomaly;
    double anomalyScore;
    double expectedMean;
    double expectedStddev;
    double lower;
    double upper;
    int horizon;
    long[] targetTime = new long[0];
    double[] mean = new double[0];
    double[] stddev = new double[0];
    double[] probUp = new double[0];

    /** The calling thread's working memory, kept here so that a caller holds one object per thread. */
    final StepBuffers buffers = new StepBuffers();

    /** A result with no buffers yet; the first {@link Forecaster#observe} sizes it. */
    public StepResult() {
    }

    /**
     * Sets this result to the naive forecast made at {@code timestamp} for {@code outcome}: {@code value} at every
     * horizon 1..{@code horizon}, {@code stepMillis} apart, with no spread; unscored and not warm. It is what a
     * model-free baseline forwards, such as the end-to-end benchmark's floor.
     */
    public void setNaive(Outcome outcome, long timestamp, double value, int horizon, long stepMillis) {
        clear();
        this.outcome = outcome;
        size(horizon);
        for (int i = 0; i < horizon; i++) {
            targetTime[i] = timestamp + (i + 1) * stepMillis;
            mean[i] = value;
            stddev[i] = 0;
            probUp[i] = 0.5;
        }
    }

    /** Sizes the per-horizon arrays (reallocating only when the horizon changes) and sets the horizon. */
    void size(int horizon) {
        if (mean.length != horizon) {
            targetTime = new long[horizon];
            mean = new double[horizon];
            stddev = new double[horizon];
            probUp = new double[horizon];
        }
        this.horizon = horizon;
    }

    void clear() {
        outcome = Outcome.ACCEPTED;
        restarted = false;
        rebuilt = false;
        warm = false;
        scored = false;
        absError = Double.NaN;
        naiveAbsError = Double.NaN;
        seasonalNaiveAbsError = Double.NaN;
        insideInterval = false;
        outsideBounds = false;
        anomaly = false;
        anomalyScore = Double.NaN;
        expectedMean = Double.NaN;
        expectedStddev = Double.NaN;
        lower = Double.NaN;
        upper = Double.NaN;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when a gap longer than the model's limit restarted the series before this point. */
    public boolean restarted() {
        return restarted;
    }

    /** True when the series' state was rebuilt from its ring buffer for a new model version. */
    public boolean rebuilt() {
        return rebuilt;
    }

    /** True when the hidden state has integrated at least the model's warm-up number of points. */
    public boolean warm() {
        return warm;
    }

    /** True when a previous one-step forecast was scored against this observation. */
    public boolean scored() {
        return scored;
    }

    /** {@code |value - previous forecast mean|}. */
    public double absError() {
        return absError;
    }

    /** {@code |value - previous value|}: the naive forecast's error. */
    public double naiveAbsError() {
        return naiveAbsError;
    }

    /**
     * |value - the value one season earlier| when the scored point's season-earlier point is in the ring (the
     * seasonal-naive forecast's error, {@link Forecaster#seasonSteps()}); NaN otherwise.
     */
    public double seasonalNaiveAbsError() {
        return seasonalNaiveAbsError;
    }

    /** True when the value fell inside the previous forecast's p10-p90 interval (bounds included). */
    public boolean insideInterval() {
        return insideInterval;
    }

    /** True when the value fell outside {@link #lower()}..{@link #upper()}, warm or not. */
    public boolean outsideBounds() {
        return outsideBounds;
    }

    /**
     * True when the value fell outside {@link #lower()}..{@link #upper()} of a forecast made warm, from
     * at least the model's warm-up number of points (as the {@code warm} flag of its prediction says). Outside the
     * bounds of a forecast made earlier is only {@link #outsideBounds()}.
     */
    public boolean anomaly() {
        return anomaly;
    }

    /** Standardised residual {@code (value - expectedMean) / expectedStddev}. */
    public double anomalyScore() {
        return anomalyScore;
    }

    public double expectedMean() {
        return expectedMean;
    }

    public double expectedStddev() {
        return expectedStddev;
    }

    /** {@code expectedMean - z * expectedStddev}, z the forecaster's anomaly threshold. */
    public double lower() {
        return lower;
    }

    /** {@code expectedMean + z * expectedStddev}. */
    public double upper() {
        return upper;
    }

    /** Number of forecast steps filled by the last accepted observation. */
    public int horizon() {
        return horizon;
    }

    /** {@code timestamp + h * stepInterval}. */
    public long targetTime(int h) {
        return targetTime[index(h)];
    }

    public double mean(int h) {
        return mean[index(h)];
    }

    public double stddev(int h) {
        return stddev[index(h)];
    }

    public double p10(int h) {
        int i = index(h);
        return mean[i] - NormalDistribution.Z90 * stddev[i];
    }

    /** The median, equal to the mean under the Gaussian. */
    public double p50(int h) {
        return mean[index(h)];
    }

    public double p90(int h) {
        int i = index(h);
        return mean[i] + NormalDistribution.Z90 * stddev[i];
    }

    /** {@code P(value at step h > observed value)} under the forecast Gaussian. */
    public double probUp(int h) {
        return probUp[index(h)];
    }

    private int index(int h) {
        if (h < 1 || h > horizon) {
            throw new IndexOutOfBoundsException("horizon " + h + " not in 1.." + horizon);
        }
        return h - 1;
    }
}
