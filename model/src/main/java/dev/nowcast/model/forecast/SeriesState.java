package dev.nowcast.model.forecast;

import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.SeriesHistory;

import java.util.Arrays;

/**
 * Everything Nowcast keeps about one series between two observations, held by the caller (the stream app
 * keeps it in a Kafka state store) and updated in place by {@link Forecaster#observe}. Fields are held at the
 * precision they are stored in (float32 hidden state, forecast and ring buffer; doubles for the running
 * statistics and the last value), so a binary codec that writes every field below and reads it back restores a
 * series that continues with the same bits. Not thread-safe: one series is processed by one thread at a time.
 *
 * <h2>Fields (all readable and writable without reflection)</h2>
 * <ul>
 *   <li>{@link #modelVersion()}: the snapshot version the hidden state and statistics were computed with, or
 *       {@link #NO_MODEL}</li>
 *   <li>{@link #observations()}: points accepted since the series (re)started, with or without a model</li>
 *   <li>{@link #stepsSeen()}: points integrated into the hidden state since it was last reset or rebuilt</li>
 *   <li>{@link #lastTimestamp()}, {@link #lastValue()}: the last accepted point (meaningful when
 *       {@code observations > 0})</li>
 *   <li>{@link #resolution()}: the step every change between consecutive accepted points is a whole multiple
 *       of, 0 until one is seen: a quantised sensor's step</li>
 *   <li>{@link #statistics()}: the feature pipeline's running statistics, {@link FeaturePipeline#STATISTICS}
 *       doubles (layout documented there); live array</li>
 *   <li>{@link #seasonal()}: the smoothing's seasonal indices (sized by {@link #ensureSeasonal}); live array</li>
 *   <li>{@link #hidden(int)}: the recurrent state of each layer, {@code H} floats ({@code 2H} for LSTM:
 *       {@code h} then {@code c}); live arrays</li>
 *   <li>{@link #hasForecast()}, {@link #forecastChange()}, {@link #forecastStddev()}: the one-step forecast made
 *       at the last point, scored against the next one, held as its change from the last value (so a forecast of
 *       "no change" is exact and large levels keep their precision; {@link #forecastMean()} adds it back) and its
 *       calibrated standard deviation</li>
 *   <li>the ring buffer of the most recent {@link #ringCapacity()} points, oldest first:
 *       {@link #ringSize()}, {@link #ringTimestamp(int)}, {@link #ringValue(int)},
 *       {@link #ringCovariate(int, int)}; restore with {@link #clearRing()} and {@link #appendRing}</li>
 * </ul>
 *
 * <h2>Restoring a stored state</h2>
 * {@code new SeriesState(ringCapacity)}; {@link #ensureShape ensureShape(layers, hiddenLength, covariates, 1)};
 * {@link #ensureSeasonal}; then {@link #setModelVersion}, {@link #setObservations}, {@link #setStepsSeen}, {@link #setLast}, the values of
 * {@link #statistics()}, of {@link #seasonal()} and of each {@link #hidden(int)}, {@link #setForecast}, and the ring points oldest first
 * with {@link #appendRing}. A state restored this way continues with the same bits as the original (tested).
 */
public final class SeriesState implements SeriesHistory {
    /** {@link #modelVersion()} of a state no model has touched. */
    public static final long NO_MODEL = Long.MIN_VALUE;
    /** Ring capacity of {@link #SeriesState()}. */
    public static final int DEFAULT_RING_CAPACITY = 48;
    /** A change within this share of a step of a whole multiple of it keeps the step ({@link #commonStep}). */
    static final double MULTIPLE_TOLERANCE = 1e-2;
    /** In Euclid's algorithm, a remainder within this share of the step counts as none ({@link #commonStep}). */
    static final double GRID_TOLERANCE = 1e-4;
    /** A grid finer than this share of the values is their rounding noise: continuous data. */
    static final double GRID_NOISE = 1e-7;

    private long modelVersion = NO_MODEL;
    private long observations;
    private long stepsSeen;
    private long lastTimestamp;
    private double lastValue;
    private float resolution;
    private final double[] statistics = new double[FeaturePipeline.STATISTICS];
    private float[] seasonal = new float[0];
    /** Pending far forecasts, p10 then p90 per slot (NaN: none), see {@link #farBounds()}. */
    private float[] farBounds = new float[0];
    private float[][] hidden = new float[0][];
    private boolean hasForecast;
    private float forecastChange;
    private float forecastStddev;
    private int ringCapacity;
    private int covariates;
    private long[] ringTimestamps;
    private float[] ringValues;
    private float[] ringCovariates;
    private int ringStart;
    private int ringSize;

    /** A fresh state with a ring of {@value #DEFAULT_RING_CAPACITY} points and no covariates. */
    public SeriesState() {
        this(DEFAULT_RING_CAPACITY);
    }

    /** A fresh state with a ring of {@code ringCapacity} points (>= 1) and no covariates. */
    public SeriesState(int ringCapacity) {
        if (ringCapacity < 1) {
            throw new IllegalArgumentException("ringCapacity must be >= 1, got " + ringCapacity);
        }
        this.ringCapacity = ringCapacity;
        this.ringTimestamps = new long[ringCapacity];
        this.ringValues = new float[ringCapacity];
        this.ringCovariates = new float[0];
    }

    /**
     * Makes the arrays fit a model: {@code layers x stateSize} hidden floats, {@code covariates} per ring point
     * and a ring of at least {@code minRingCapacity}. Allocates only when a dimension changes. A change of the
     * hidden shape zeroes the hidden state; a change of the covariate count empties the ring (its covariates
     * no longer mean anything); a larger ring keeps its points.
     */
    public void ensureShape(int layers, int stateSize, int covariates, int minRingCapacity) {
        if (hidden.length != layers || (layers > 0 && hidden[0].length != stateSize)) {
            hidden = new float[layers][stateSize];
        }
        if (covariates != this.covariates) {
            this.covariates = covariates;
            ringCovariates = new float[ringCapacity * covariates];
            clearRing();
        }
        if (minRingCapacity > ringCapacity) {
            resizeRing(minRingCapacity);
        }
    }

    /** Makes room for {@code slots} pending far forecasts, all empty if the count changes. */
    public void ensureFarSlots(int slots) {
        if (farBounds.length != 2 * slots) {
            farBounds = new float[2 * slots];
            Arrays.fill(farBounds, Float.NaN);
        }
    }

    /** Makes the seasonal indices {@code length} floats, zeroed if the length changes. */
    public void ensureSeasonal(int length) {
        if (seasonal.length != length) {
            seasonal = new float[length];
        }
    }

    private void resizeRing(int capacity) {
        long[] ts = new long[capacity];
        float[] vs = new float[capacity];
        float[] cs = new float[capacity * covariates];
        for (int i = 0; i < ringSize; i++) {
            int k = physical(i);
            ts[i] = ringTimestamps[k];
            vs[i] = ringValues[k];
            System.arraycopy(ringCovariates, k * covariates, cs, i * covariates, covariates);
        }
        ringTimestamps = ts;
        ringValues = vs;
        ringCovariates = cs;
        ringStart = 0;
        ringCapacity = capacity;
    }

    /**
     * Forgets the series (hidden state, statistics, forecast, ring, counters, resolution) but keeps the model
     * version and the array shapes: the series starts again as a new one.
     */
    public void restart() {
        observations = 0;
        stepsSeen = 0;
        lastTimestamp = 0;
        lastValue = 0;
        resolution = 0;
        resetModelState();
        clearRing();
    }

    /** Zeroes the hidden state, the running statistics, the forecast and {@link #stepsSeen()}. */
    public void resetModelState() {
        stepsSeen = 0;
        Arrays.fill(statistics, 0);
        Arrays.fill(seasonal, 0f);
        Arrays.fill(farBounds, Float.NaN);
        for (float[] h : hidden) {
            Arrays.fill(h, 0f);
        }
        hasForecast = false;
        forecastChange = 0f;
        forecastStddev = 0f;
    }

    /** Records an accepted point: appends it to the ring, learns the resolution and makes it the last point. */
    public void accept(long timestamp, double value, double[] covariates) {
        if (observations > 0) {
            double change = Math.abs(value - lastValue);
            double noise = GRID_NOISE * Math.max(Math.abs(value), Math.abs(lastValue));
            if (change > 0 && (resolution == 0 || resolution > noise)) {
                double step = resolution == 0 || !(resolution < Float.MAX_VALUE) ? change
                        : commonStep(resolution, change, noise);
                resolution = (float) Math.max(Float.MIN_NORMAL, Math.min(Float.MAX_VALUE, step));
            }
        }
        if (ringSize == ringCapacity) {
            ringStart = (ringStart + 1) % ringCapacity;
            ringSize--;
        }
        int k = physical(ringSize);
        ringTimestamps[k] = timestamp;
        ringValues[k] = (float) value;
        for (int c = 0; c < this.covariates; c++) {
            ringCovariates[k * this.covariates + c] = (float) covariates[c];
        }
        ringSize++;
        observations++;
        lastTimestamp = timestamp;
        lastValue = value;
    }

    private int physical(int i) {
        int k = ringStart + i;
        return k >= ringCapacity ? k - ringCapacity : k;
    }

    public long modelVersion() {
        return modelVersion;
    }

    public void setModelVersion(long modelVersion) {
        this.modelVersion = modelVersion;
    }

    @Override
    public long observations() {
        return observations;
    }

    public void setObservations(long observations) {
        this.observations = observations;
    }

    public long stepsSeen() {
        return stepsSeen;
    }

    public void setStepsSeen(long stepsSeen) {
        this.stepsSeen = stepsSeen;
    }

    /** Counts one more point integrated into the hidden state. */
    void countStep() {
        stepsSeen++;
    }

    @Override
    public long lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public double lastValue() {
        return lastValue;
    }

    /**
     * The step every change between consecutive accepted points is a whole multiple of (0 until one is seen). On a
     * quantised sensor it is the sensor's step, below which no forecast interval is meaningful; on continuous data
     * it falls within a few points to a value at the values' rounding noise ({@value #GRID_NOISE} of them), which
     * means no grid. Not the smallest change: a meter's readings or a counter's change by much more than their grid
     * every step, and an interval that wide covers every point.
     */
    public float resolution() {
        return resolution;
    }

    /**
     * The grid after a {@code change} on grid {@code step}: the same step when the change is a whole multiple of it
     * (to {@value #MULTIPLE_TOLERANCE} of a step: the state holds the step as a float, and decimal readings are not
     * exact in binary), so that a found step does not drift; else the largest step both are whole multiples of, to
     * {@value #GRID_TOLERANCE} of it, by Euclid's algorithm on the reals; a value at or below {@code noise} means
     * there is no grid (continuous data).
     */
    static double commonStep(double step, double change, double noise) {
        double multiple = change / step;
        if (multiple >= 0.5 && Math.abs(multiple - Math.rint(multiple)) <= MULTIPLE_TOLERANCE) {
            return step;
        }
        double big = Math.max(step, change);
        double small = Math.min(step, change);
        while (small > noise) {
            double rest = big % small;
            if (rest <= GRID_TOLERANCE * small || rest >= (1 - GRID_TOLERANCE) * small) {
                return small;
            }
            big = small;
            small = rest;
        }
        return small;
    }

    /** Sets {@link #resolution()} (for codecs; {@link #accept} maintains it). */
    public void setResolution(float resolution) {
        this.resolution = resolution;
    }

    /** Sets the last accepted point (for codecs; {@link Forecaster#observe} maintains it). */
    public void setLast(long timestamp, double value) {
        this.lastTimestamp = timestamp;
        this.lastValue = value;
    }

    /** The running statistics of the feature pipeline (live array, see {@link FeaturePipeline}). */
    @Override
    public double[] statistics() {
        return statistics;
    }

    /**
     * The p10 and p90 of the far forecasts made at the last few steps, one slot per step (live array, NaN where
     * none): each is checked against the point it forecast when that arrives, so that the series adapts its far
     * intervals as it adapts its one-step interval (see {@code FeaturePipeline.FAR_ADAPTATION}).
     */
    public float[] farBounds() {
        return farBounds;
    }

    /** The smoothing's seasonal indices (live array, see {@code ExponentialSmoothing}); float32, 4 bytes a step. */
    @Override
    public float[] seasonal() {
        return seasonal;
    }

    /** Number of layers whose hidden state this state holds. */
    public int layers() {
        return hidden.length;
    }

    /** The live hidden state of layer {@code layer} (H floats, or 2H for LSTM: h then c). */
    public float[] hidden(int layer) {
        return hidden[layer];
    }

    /** All layers' live hidden states (package use: the network steps them in place). */
    float[][] hiddenLayers() {
        return hidden;
    }

    public boolean hasForecast() {
        return hasForecast;
    }

    /** Mean of the one-step forecast made at the last point minus the last value (value units, float32). */
    public float forecastChange() {
        return forecastChange;
    }

    /** Mean of the one-step forecast made at the last point: {@code lastValue() + forecastChange()}. */
    public double forecastMean() {
        return lastValue + forecastChange;
    }

    /** Calibrated standard deviation of the one-step forecast made at the last point (value units). */
    public float forecastStddev() {
        return forecastStddev;
    }

    /**
     * Sets (or, with {@code present = false}, clears) the pending one-step forecast.
     *
     * @param change the forecast mean minus {@link #lastValue()}
     */
    public void setForecast(boolean present, float change, float stddev) {
        this.hasForecast = present;
        this.forecastChange = present ? change : 0f;
        this.forecastStddev = present ? stddev : 0f;
    }

    public int ringCapacity() {
        return ringCapacity;
    }

    /** Covariates held per ring point. */
    public int covariates() {
        return covariates;
    }

    /** Number of points in the ring (at most {@link #ringCapacity()}). */
    public int ringSize() {
        return ringSize;
    }

    /** Timestamp of the {@code i}-th oldest ring point. */
    public long ringTimestamp(int i) {
        checkRing(i);
        return ringTimestamps[physical(i)];
    }

    /** Value of the {@code i}-th oldest ring point, as stored (float32). */
    @Override
    public float ringValue(int i) {
        checkRing(i);
        return ringValues[physical(i)];
    }

    /** Covariate {@code c} of the {@code i}-th oldest ring point, as stored (float32). */
    public float ringCovariate(int i, int c) {
        checkRing(i);
        if (c < 0 || c >= covariates) {
            throw new IndexOutOfBoundsException("covariate " + c + " of " + covariates);
        }
        return ringCovariates[physical(i) * covariates + c];
    }

    /**
     * Index of the ring point with timestamp {@code timestamp}, or -1. Timestamps in the ring increase, so
     * this is a binary search.
     */
    @Override
    public int ringIndexOf(long timestamp) {
        int lo = 0;
        int hi = ringSize - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long t = ringTimestamps[physical(mid)];
            if (t < timestamp) {
                lo = mid + 1;
            } else if (t > timestamp) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Empties the ring (counters are left alone). */
    public void clearRing() {
        ringStart = 0;
        ringSize = 0;
    }

    /**
     * Appends a ring point as stored (for codecs restoring a state oldest first; counters are left alone).
     *
     * @param covariates {@link #covariates()} floats at {@code covariates[off ..]}
     * @throws IllegalStateException when the ring is full
     */
    public void appendRing(long timestamp, float value, float[] covariates, int off) {
        if (ringSize == ringCapacity) {
            throw new IllegalStateException("ring is full (" + ringCapacity + " points)");
        }
        int k = physical(ringSize);
        ringTimestamps[k] = timestamp;
        ringValues[k] = value;
        System.arraycopy(covariates, off, ringCovariates, k * this.covariates, this.covariates);
        ringSize++;
    }

    private void checkRing(int i) {
        if (i < 0 || i >= ringSize) {
            throw new IndexOutOfBoundsException("ring index " + i + " of " + ringSize);
        }
    }
}
