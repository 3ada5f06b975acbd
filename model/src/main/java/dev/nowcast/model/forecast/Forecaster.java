package dev.nowcast.model.forecast;

import dev.nowcast.model.feature.Calendar;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.head.PointHead;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;

/**
 * A ready model: weights, feature pipeline and forecast settings, with the per-event call the stream processor
 * and the offline evaluator share. Immutable and thread-safe: each thread passes its own {@link StepResult}
 * (which holds its scratch) and works on one {@link SeriesState} at a time. After the first call with a given
 * result and state, {@link #observe} allocates nothing.
 *
 * <p>Built by {@code SnapshotCodec} from a validated snapshot, or by the trainer directly.
 */
public final class Forecaster {
    /** The farthest horizon whose forecasts a series keeps to check (8 bytes of state each). */
    private static final int MAX_FAR_SLOTS = 16;
    /** Default anomaly threshold, in standard deviations. */
    public static final double DEFAULT_ANOMALY_Z = 3.0;

    private final long version;
    private final RecurrentNetwork net;
    private final float[] params;
    private final NetworkWeights weights;
    private final FeaturePipeline pipeline;
    private final int horizon;
    private final int warmupSteps;
    private final long maxGapMillis;
    private final double anomalyZ;
    private final GaussianHead gaussian;
    /** {@link FeaturePipeline#valueAutoregression()}, read at every step. */
    private final ValueAutoregression valueAr;
    /** {@link ExponentialSmoothing#errorWeight} for 0 .. horizon - 1: how earlier errors move a forecast. */
    private final double[] errorWeights;
    /** The weights of the one-step variances in the h-step one: {@link #errorWeights} through the autoregression. */
    private final double[] varianceWeights;
    /** The seasonal-naive rule's season in steps (0: none), scored live against the model. */
    private final int seasonSteps;
    /** {@link FeaturePipeline#horizonFactor} for h = 1 .. horizon. */
    private final double[] horizonFactors;
    /** Far forecasts pending per series: the checked far horizon F (0: no far adaptation). */
    private final int farSlots;
    /** {@code ln h} for h = 1 .. horizon, and {@code ln F}: the far factor's exponents. */
    private final double[] lnHorizon;
    private final double lnFar;

    /**
     * @param version      the snapshot version this forecaster stamps on the states it touches
     * @param net          a unidirectional network with a Gaussian or point head whose input size is the
     *                     pipeline's feature count
     * @param params       its parameters (copied)
     * @param horizon      steps to forecast (>= 1)
     * @param warmupSteps  points after which a series is warm (>= 0)
     * @param maxGapMillis a longer gap between two points, as the pipeline's calendar counts time, restarts the
     *                     series (>= the step interval)
     */
    public Forecaster(long version, RecurrentNetwork net, float[] params, FeaturePipeline pipeline, int horizon,
                      int warmupSteps, long maxGapMillis) {
        this(version, net, checkedWeights(net, params), pipeline, horizon, warmupSteps, maxGapMillis,
                DEFAULT_ANOMALY_Z);
        if (net.bidirectional()) {
            throw new IllegalArgumentException("a streaming forecaster needs a unidirectional network");
        }
        if (!(net.head() instanceof GaussianHead) && !(net.head() instanceof PointHead)) {
            throw new IllegalArgumentException("a forecaster needs a Gaussian or point head, got " + net.head());
        }
        if (net.inputSize() != pipeline.featureCount()) {
            throw new IllegalArgumentException("network input size " + net.inputSize()
                    + " differs from the pipeline's feature count " + pipeline.featureCount());
        }
        if (horizon < 1 || warmupSteps < 0) {
            throw new IllegalArgumentException("horizon must be >= 1 and warmupSteps >= 0, got " + horizon + ", "
                    + warmupSteps);
        }
        if (maxGapMillis < pipeline.stepMillis()) {
            throw new IllegalArgumentException("maxGapMillis " + maxGapMillis + " is shorter than the step "
                    + pipeline.stepMillis());
        }
    }

    private static NetworkWeights checkedWeights(RecurrentNetwork net, float[] params) {
        if (params.length != net.parameterCount()) {
            throw new IllegalArgumentException("params has " + params.length + " floats, the network needs "
                    + net.parameterCount());
        }
        return new NetworkWeights(net, params.clone(), false);
    }

    private Forecaster(long version, RecurrentNetwork net, NetworkWeights weights, FeaturePipeline pipeline,
                       int horizon, int warmupSteps, long maxGapMillis, double anomalyZ) {
        this.version = version;
        this.net = net;
        this.weights = weights;
        this.params = weights.parameters();
        this.pipeline = pipeline;
        this.horizon = horizon;
        this.warmupSteps = warmupSteps;
        this.maxGapMillis = maxGapMillis;
        this.anomalyZ = anomalyZ;
        this.gaussian = net.head() instanceof GaussianHead g ? g : null;
        this.valueAr = pipeline.valueAutoregression();
        this.errorWeights = new double[horizon];
        this.horizonFactors = new double[horizon];
        this.seasonSteps = seasonSteps(pipeline);
        this.farSlots = pipeline.farAdaptation() > 0 ? farHorizon(horizon) : 0;
        this.lnHorizon = new double[horizon];
        this.lnFar = Math.log(Math.max(2, farSlots));
        for (int j = 0; j < horizon; j++) {
            errorWeights[j] = pipeline.smoothing().errorWeight(j);
            horizonFactors[j] = pipeline.horizonFactor(j + 1);
            lnHorizon[j] = Math.log(j + 1);
        }
        this.varianceWeights = varianceWeights(errorWeights, pipeline.errorAutoregression().innovationWeights(horizon));
    }

    /**
     * The season the seasonal-naive rule uses: the smoothing's shortest season, else the shortest seasonal phase
     * period that is a whole number of steps, else none.
     */
    private static int seasonSteps(FeaturePipeline pipeline) {
        int[] seasons = pipeline.smoothing().seasons();
        if (seasons.length > 0) {
            return java.util.Arrays.stream(seasons).min().getAsInt();
        }
        long step = pipeline.stepMillis();
        return (int) java.util.Arrays.stream(pipeline.periodsMillis()).filter(p -> p % step == 0)
                .map(p -> p / step).min().orElse(0);
    }

    /** The seasonal-naive rule's season in steps (0: none); its error is scored when the ring holds that point. */
    public int seasonSteps() {
        return seasonSteps;
    }

    /** The seasonal-naive rule's season in milliseconds (0: none): it forecasts the value this long before. */
    public long seasonMillis() {
        return seasonSteps * pipeline.stepMillis();
    }

    /** This forecaster with another horizon (sharing the weights; e.g. 1 for fast validation). */
    public Forecaster withHorizon(int h) {
        if (h < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + h);
        }
        return new Forecaster(version, net, weights, pipeline, h, warmupSteps, maxGapMillis, anomalyZ);
    }

    /** This forecaster with another anomaly threshold {@code z} (> 0), in standard deviations. */
    public Forecaster withAnomalyThreshold(double z) {
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("anomaly threshold must be positive and finite, got " + z);
        }
        return new Forecaster(version, net, weights, pipeline, horizon, warmupSteps, maxGapMillis, z);
    }

    public long version() {
        return version;
    }

    public RecurrentNetwork network() {
        return net;
    }

    /** A copy of the parameters. */
    public float[] parameters() {
        return params.clone();
    }

    public FeaturePipeline pipeline() {
        return pipeline;
    }

    public int horizon() {
        return horizon;
    }

    public int warmupSteps() {
        return warmupSteps;
    }

    public long maxGapMillis() {
        return maxGapMillis;
    }

    public double anomalyThreshold() {
        return anomalyZ;
    }

    /** Smallest ring capacity a state needs for this model (the forecaster grows smaller rings). */
    public int requiredRingCapacity() {
        return pipeline.requiredRingCapacity();
    }

    /** A fresh state shaped for this model, with a ring of at least the default capacity. */
    public SeriesState newState() {
        SeriesState s = new SeriesState(Math.max(SeriesState.DEFAULT_RING_CAPACITY, requiredRingCapacity()));
        shape(s);
        return s;
    }

    /** Sizes {@code s}'s arrays for this model, as {@link #observe} does (arrays whose size changes start empty). */
    public void shape(SeriesState s) {
        s.ensureShape(net.layers(), net.stateSize(), pipeline.covariates(), requiredRingCapacity());
        s.ensureSeasonal(pipeline.seasonalLength());
        s.ensureFarSlots(farSlots);
    }

    /**
     * The model-less path for a series seen before any snapshot exists: order check, ring buffer and counters;
     * no prediction. The state keeps (or gets) {@link SeriesState#NO_MODEL} hidden state and is rebuilt from its
     * ring when a model arrives.
     *
     * @param covariates as many as the state holds per ring point (may be null when none)
     */
    public static Outcome observeWithoutModel(SeriesState state, long timestamp, double value, double[] covariates) {
        int n = covariates == null ? 0 : covariates.length;
        requireFinite(value, covariates, n);
        if (state.observations() > 0) {
            if (timestamp < state.lastTimestamp()) {
                return Outcome.LATE;
            }
            if (timestamp == state.lastTimestamp()) {
                return Outcome.DUPLICATE;
            }
        }
        if (n != state.covariates()) {
            state.ensureShape(state.layers(), state.layers() == 0 ? 0 : state.hidden(0).length, n, 1);
        }
        state.setModelVersion(SeriesState.NO_MODEL);
        state.accept(timestamp, value, covariates);
        return Outcome.ACCEPTED;
    }

    /**
     * Processes one observation of a series (DESIGN.md "Per-event semantics", steps 3-6), in order:
     * <ol>
     *   <li>order: older than the last point: {@link Outcome#LATE}, equal: {@link Outcome#DUPLICATE}; the state
     *       is untouched and nothing else happens</li>
     *   <li>gap: more than {@link #maxGapMillis()} after the last point, as the calendar counts time, restarts
     *       the series ({@link StepResult#restarted()})</li>
     *   <li>model swap: a state computed with another version (or none) has its hidden state and statistics
     *       reset and its ring buffer replayed through this model, without scoring or output
     *       ({@link StepResult#rebuilt()} when it had points). The series is then exactly as a fresh series
     *       after seeing those ring points (at their stored float32 precision).</li>
     *   <li>score the previous one-step forecast against {@code value}; a value outside its anomaly bounds is an
     *       {@linkplain StepResult#anomaly() anomaly} only if that forecast was made warm (from at least
     *       {@link #warmupSteps()} points)</li>
     *   <li>update the features, append to the ring, step the network, roll out {@link #horizon()} steps from
     *       a copy of the hidden state, and store the one-step forecast for the next call</li>
     * </ol>
     *
     * @param covariates exactly {@code pipeline().covariates()} values (may be null when there are none)
     * @throws IllegalArgumentException for a non-finite value or covariate, or a wrong covariate count
     */
    public void observe(SeriesState state, long timestamp, double value, double[] covariates, StepResult out) {
        requireFinite(value, covariates, pipeline.covariates());
        out.clear();
        if (state.observations() > 0) {
            if (timestamp < state.lastTimestamp()) {
                out.outcome = Outcome.LATE;
                return;
            }
            if (timestamp == state.lastTimestamp()) {
                out.outcome = Outcome.DUPLICATE;
                return;
            }
        }
        shape(state);
        prepare(out, state.ringCapacity());
        if (state.observations() > 0 && pipeline.restarts(state.lastTimestamp(), timestamp, maxGapMillis)) {
            state.restart();
            out.restarted = true;
        }
        if (state.modelVersion() != version) {
            out.rebuilt = state.observations() > 0;
            rebuild(state, out);
        }
        if (state.hasForecast()) {
            score(state, timestamp, value, out);
        }
        advance(state, timestamp, value, covariates, out);
        checkFar(state, value);
        rollout(state, timestamp, value, covariates, out);
        holdFar(state, out);
        out.warm = state.stepsSeen() >= warmupSteps;
    }

    private static void requireFinite(double value, double[] covariates, int expected) {
        int n = covariates == null ? 0 : covariates.length;
        if (n != expected && Double.isFinite(value)) {
            throw new IllegalArgumentException("expected " + expected + " covariates, got " + n);
        }
        String nonFinite = nonFinite(value, covariates);
        if (nonFinite != null) {
            throw new IllegalArgumentException(nonFinite);
        }
    }

    /**
     * What makes a point unusable for any model, {@code "value is not finite: NaN"} or {@code "covariate 1 is not
     * finite: Infinity"}, or null: the stream processor's guard dead-letters with this message what
     * {@link #observe} would refuse with it.
     */
    public static String nonFinite(double value, double[] covariates) {
        if (!Double.isFinite(value)) {
            return "value is not finite: " + value;
        }
        for (int c = 0; covariates != null && c < covariates.length; c++) {
            if (!Double.isFinite(covariates[c])) {
                return "covariate " + c + " is not finite: " + covariates[c];
            }
        }
        return null;
    }

    /**
     * Fills {@code out}'s horizons 1..H with the forecast made at the state's last point, as {@link #observe}
     * emitted it (bit for bit for a series without covariates; with covariates, from their float32 copies in the
     * ring), without changing the state: for queries such as the HTTP API's {@code /series/{id}}.
     *
     * @throws IllegalStateException if the state holds no forecast of this model version
     */
    public void forecast(SeriesState state, StepResult out) {
        if (!state.hasForecast() || state.modelVersion() != version || state.ringSize() == 0) {
            throw new IllegalStateException("the state holds no forecast of version " + version);
        }
        out.clear();
        prepare(out, state.ringCapacity());
        float[][] hidden = state.hiddenLayers();
        net.headOutput(params, hidden[net.layers() - 1], 0, out.buffers.headOut, 0);
        out.mean[0] = state.forecastMean();
        out.stddev[0] = state.forecastStddev();
        int last = state.ringSize() - 1;
        for (int k = 0; k < out.buffers.covariates.length; k++) {
            out.buffers.covariates[k] = state.ringCovariate(last, k);
        }
        rollout(state, state.lastTimestamp(), state.lastValue(), out.buffers.covariates, out);
    }

    private void prepare(StepResult out, int ringCapacity) {
        out.buffers.fit(net, pipeline, horizon, ringCapacity);
        out.size(horizon);
    }

    /**
     * The first ring point after the last gap at which this model restarts a series: the replay starts there, as
     * training and evaluation would (another model's calendar or maximum gap may have kept the series across it).
     */
    private int replayStart(long[] timestamps, int n) {
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (pipeline.restarts(timestamps[i - 1], timestamps[i], maxGapMillis)) {
                start = i;
            }
        }
        return start;
    }

    /**
     * Resets the model state and replays the ring through {@link #advance}: DESIGN.md step 4. A smoothing state
     * written with this model's seasonal layout is kept across the swap (the ring is too short to relearn a
     * season of a week, and level and seasonal indices are estimates of the series, not of the network): the
     * replay then only rebuilds the hidden state.
     */
    private void rebuild(SeriesState state, StepResult out) {
        StepBuffers b = out.buffers;
        int n = state.ringSize();
        int c = pipeline.covariates();
        for (int i = 0; i < n; i++) {
            b.replayTimestamps[i] = state.ringTimestamp(i);
            b.replayValues[i] = state.ringValue(i);
            for (int k = 0; k < c; k++) {
                b.replayCovariates[i * c + k] = state.ringCovariate(i, k);
            }
        }
        boolean keep = keepsSmoothing(state);
        if (keep) {
            System.arraycopy(state.statistics(), 0, b.keptStatistics, 0, FeaturePipeline.STATISTICS);
            System.arraycopy(state.seasonal(), 0, b.keptSeasonal, 0, b.keptSeasonal.length);
        }
        // The resolution is the data's, not the model's; relearned from the ring's float32 values it would be lost.
        float resolution = state.resolution();
        state.restart();
        state.setModelVersion(version);
        int start = replayStart(b.replayTimestamps, n);
        for (int i = start; i < n; i++) {
            for (int k = 0; k < c; k++) {
                b.covariates[k] = b.replayCovariates[i * c + k];
            }
            if (i > start) {
                // The errors the autoregression would have kept, and the shift it would have taken, had the new model
                // scored these points.
                double scale = pipeline.scale(state);
                pipeline.adaptAutoregression(state, b.replayValues[i], scale);
                pipeline.adaptMedianShift(state, b.replayValues[i] - state.forecastMean(), scale);
            }
            advance(state, b.replayTimestamps[i], b.replayValues[i], b.covariates, out);
        }
        state.setResolution(resolution);
        if (keep) {
            System.arraycopy(b.keptStatistics, 0, state.statistics(), 0, FeaturePipeline.STATISTICS);
            System.arraycopy(b.keptSeasonal, 0, state.seasonal(), 0, b.keptSeasonal.length);
            pipeline.forgetCorrection(state);
            advanceForecast(state, state.lastValue(), out);
        }
    }

    private boolean keepsSmoothing(SeriesState state) {
        ExponentialSmoothing e = pipeline.smoothing();
        return !e.naive() && state.ringSize() > 0
                && state.statistics()[FeaturePipeline.SMOOTH_LAYOUT] == e.layoutCode();
    }

    private void score(SeriesState state, long timestamp, double value, StepResult out) {
        double m = state.forecastMean();
        double sd = state.forecastStddev();
        double z = (value - m) / sd;
        out.scored = true;
        out.absError = Math.abs(value - m);
        out.naiveAbsError = Math.abs(value - state.lastValue());
        if (seasonSteps > 0) {
            int i = state.ringIndexOf(timestamp - seasonSteps * pipeline.stepMillis());
            out.seasonalNaiveAbsError = i < 0 ? Double.NaN : Math.abs(value - state.ringValue(i));
        }
        out.insideInterval = Math.abs(z) <= NormalDistribution.Z90;
        out.expectedMean = m;
        out.expectedStddev = sd;
        // The bounds are on the calibrated tail scale; a reading is the true value rounded to the sensor's
        // resolution, so half a step of it widens them.
        double tail = pipeline.tailScale();
        double rounding = 0.5 * state.resolution();
        out.lower = m - anomalyZ * tail * sd - rounding;
        out.upper = m + anomalyZ * tail * sd + rounding;
        out.anomalyScore = z / tail;
        out.outsideBounds = value < out.lower || value > out.upper;
        // The statistics are as when the forecast was made, so these are the terms it carried.
        double scale = pipeline.scale(state);
        double persistent = pipeline.persistentError(state, scale);
        // The forecast before its median shift, then the model's own, without the value autoregression's share (the
        // ring is as when it was made): what the other per-series terms learn from.
        double unshifted = m - pipeline.medianShift(state);
        pipeline.adaptMedianShift(state, value - m, scale);
        double model = valueForecasts(state, 1, out.buffers) ? valueAr.unmix(unshifted, out.buffers.valuePath[0])
                : unshifted;
        double base = model - pipeline.correctionWeight(state) * pipeline.pendingCorrection(state) - persistent
                - pipeline.autoregressiveError(state, scale);
        pipeline.adaptCorrection(state, value - base, scale);
        pipeline.adaptAutoregression(state, value, scale);
        pipeline.adaptPersistence(state, value - model + persistent, scale,
                pipeline.consecutive(state.lastTimestamp(), timestamp));
        // Every scored point, the floored ones too: skipping them also skipped their misses, and a count series
        // whose interval sits at one step of its resolution (one or two events an hour) never widened it.
        pipeline.adaptInterval(state, out.insideInterval);
        // The forecast being scored was made with the steps seen so far: before warm-up its interval rests on one
        // or two differences (16% of third points fall outside 3 sigma on smooth data), so it flags nothing.
        out.anomaly = out.outsideBounds && state.stepsSeen() >= warmupSteps;
    }

    /** Features, ring, one network step and the stored one-step forecast; also writes horizon 1 of out. */
    private void advance(SeriesState state, long timestamp, double value, double[] covariates, StepResult out) {
        pipeline.update(state, timestamp, value, covariates, out.buffers.features, 0);
        state.accept(timestamp, value, covariates);
        float[][] hidden = state.hiddenLayers();
        net.step(weights, out.buffers.features, 0, hidden, out.buffers.cell);
        state.countStep();
        net.headOutput(params, hidden[net.layers() - 1], 0, out.buffers.headOut, 0);
        advanceForecast(state, value, out);
    }

    /** Stores the one-step forecast from the base forecast and the head's last output; writes horizon 1 of out. */
    private void advanceForecast(SeriesState state, double value, StepResult out) {
        double scale = pipeline.scale(state);
        double correction = scale * pipeline.meanScale() * out.buffers.headOut[0];
        pipeline.setPendingCorrection(state, correction);
        double mean = pipeline.baseForecast(state, 1) + pipeline.correctionWeight(state) * correction
                + pipeline.persistentError(state, scale) + pipeline.autoregressiveError(state, scale);
        if (valueForecasts(state, 1, out.buffers)) {
            mean = valueAr.mix(mean, out.buffers.valuePath[0]);
        }
        mean += pipeline.medianShift(state);
        double sd = Math.max(scale * sigma(out.buffers.headOut) * pipeline.stddevScale() * pipeline.intervalMultiplier(state),
                resolutionFloor(state));
        state.setForecast(true, (float) (mean - value), (float) sd);
        // The one-step forecast emitted is the one stored and scored against the next point, at its precision.
        out.mean[0] = state.forecastMean();
        out.stddev[0] = state.forecastStddev();
    }

    /**
     * The value autoregression's forecasts of the next {@code h} points into {@code b.valuePath}, from the ring's
     * last values (the last points, as the network's inputs are: a point missing without a restart shifts the lags)
     * and the series' level; false (nothing written) when it is off or the series has fewer ring points since it
     * (re)started than it reads.
     */
    private boolean valueForecasts(SeriesState state, int h, StepBuffers b) {
        int span = valueAr.span();
        int n = state.ringSize();
        if (!valueAr.on() || n < span) {
            return false;
        }
        for (int i = 0; i < span - 1; i++) {
            b.valueLags[i] = state.ringValue(n - span + i);
        }
        // The newest at full precision: the ring's float32 copy quantises a large level's small moves.
        b.valueLags[span - 1] = state.lastValue();
        valueAr.path(b.valueLags, pipeline.level(state), h, b.valuePath);
        return true;
    }

    /**
     * The smallest standard deviation a forecast gets: the p10-p90 interval spans at least one step of the
     * sensor's resolution either side. Below that, a quantised sensor's ordinary one-step moves fall outside
     * the interval and are flagged (1.3% of a 5-second sensor network's points at 3 sigma, against 0.27%).
     */
    private static double resolutionFloor(SeriesState state) {
        return state.resolution() / NormalDistribution.Z90;
    }

    private double sigma(float[] headOut) {
        return gaussian == null ? 1.0 : gaussian.sigma(headOut[1]);
    }

    /**
     * Fills horizons 1..H, feeding each predicted mean back, on a copy of the hidden state. The mean at h is the
     * base forecast plus the network's corrections, the echoes of the last error's persistence and the error
     * autoregression's expected errors, each carried forward as the smoothing would carry an error
     * ({@code errorWeights}), and the series' median shift; the variance adds the one-step variances with those
     * weights squared, where an unforeseen error also moves the autoregression's later expected errors
     * ({@code varianceWeights}).
     */
    private void rollout(SeriesState state, long timestamp, double value, double[] covariates, StepResult out) {
        long step = pipeline.stepMillis();
        Calendar calendar = pipeline.calendar();
        out.targetTime[0] = calendar.next(timestamp, step);
        out.probUp[0] = upProbability(out.mean[0], out.stddev[0], value);
        if (horizon == 1) {
            return;
        }
        // The rollout's own terms: a one-step forecast is complete without them.
        StepBuffers b = out.buffers;
        double scale = pipeline.scale(state);
        double calibrated = scale * pipeline.stddevScale() * pipeline.intervalMultiplier(state);
        float[][] roll = b.rollout;
        float[][] hidden = state.hiddenLayers();
        for (int l = 0; l < roll.length; l++) {
            System.arraycopy(hidden[l], 0, roll[l], 0, roll[l].length);
        }
        double shrink = pipeline.meanScale();
        double weight = pipeline.correctionWeight(state);
        double change = shrink * b.headOut[0];
        double[] variances = b.variances;
        variances[0] = out.stddev[0] * out.stddev[0];
        // The last error's expected echo k steps on is rho^k of it, carried forward like any correction.
        double persistence = pipeline.persistence(state);
        double persistent = pipeline.persistentError(state, scale, persistence);
        pipeline.errorAutoregression().expectedPath(state.statistics(), horizon, b.arPath, b.arScratch);
        double arScale = pipeline.autoregressionScale(state, scale);
        b.corrections[0] = weight * scale * change + persistent + arScale * b.arPath[0];
        boolean mixed = valueForecasts(state, horizon, b);
        double shift = pipeline.medianShift(state);
        for (int h = 1; h < horizon; h++) {
            long t = out.targetTime[h - 1];
            pipeline.rolloutFeatures(state, t, out.mean[h - 1], change, scale, covariates, b.features, 0);
            net.step(weights, b.features, 0, roll, b.cell);
            net.headOutput(params, roll[roll.length - 1], 0, b.headOut, 0);
            change = shrink * b.headOut[0];
            double s = calibrated * sigma(b.headOut);
            variances[h] = s * s;
            persistent *= persistence;
            b.corrections[h] = weight * scale * change + persistent + arScale * b.arPath[h];
            double mean = pipeline.baseForecast(state, h + 1);
            double variance = 0;
            for (int k = 0; k <= h; k++) {
                double v = varianceWeights[h - k];
                mean += errorWeights[h - k] * b.corrections[k];
                variance += v * v * variances[k];
            }
            out.targetTime[h] = calendar.next(t, step);
            // The next step's input is this mean: the rollout feeds back the forecasts it emits.
            out.mean[h] = (mixed ? valueAr.mix(mean, b.valuePath[h]) : mean) + shift;
            double far = farSlots == 0 ? 1 : pipeline.farMultiplier(state, lnHorizon[h], lnFar);
            out.stddev[h] = Math.max(Math.sqrt(variance) * horizonFactors[h] * far, resolutionFloor(state));
            out.probUp[h] = upProbability(out.mean[h], out.stddev[h], value);
        }
    }

    /**
     * {@code psi_n = c_0 pi_n + ... + c_n pi_0}: an unforeseen error moves the later errors by {@code pi}, and each
     * error moves the forecast {@code j} steps on by {@code c_j} (without an autoregression, {@code psi = c}).
     */
    private static double[] varianceWeights(double[] c, double[] pi) {
        double[] psi = new double[c.length];
        for (int n = 0; n < c.length; n++) {
            for (int k = 0; k <= n; k++) {
                psi[n] += c[n - k] * pi[k];
            }
        }
        return psi;
    }

    /**
     * The far horizon F whose forecasts a series checks to adapt its far intervals: the horizon, at most 16 (0 for
     * a one-step model, which has none).
     */
    public static int farHorizon(int horizon) {
        return horizon > 1 ? Math.min(horizon, MAX_FAR_SLOTS) : 0;
    }

    /**
     * Checks the far forecast made F steps ago (the slot this step shares with it) against {@code value}, and
     * adapts the series' far factor: the delayed form of the one-step interval's adaptation.
     */
    private void checkFar(SeriesState state, double value) {
        if (farSlots == 0) {
            return;
        }
        float[] far = state.farBounds();
        int slot = 2 * (int) (state.stepsSeen() % farSlots);
        if (!Float.isNaN(far[slot])) {
            pipeline.adaptFar(state, value >= far[slot] && value <= far[slot + 1]);
        }
    }

    /** Keeps this step's p10-p90 at the far horizon F, to be checked when its point arrives. */
    private void holdFar(SeriesState state, StepResult out) {
        if (farSlots == 0) {
            return;
        }
        float[] far = state.farBounds();
        int slot = 2 * (int) (state.stepsSeen() % farSlots);
        far[slot] = (float) out.p10(farSlots);
        far[slot + 1] = (float) out.p90(farSlots);
    }

    private static double upProbability(double mean, double sd, double observed) {
        return 1 - NormalDistribution.cdf((observed - mean) / sd);
    }

    @Override
    public String toString() {
        return "Forecaster[version=" + version + ", " + net.cellType() + " " + net.layers() + "x" + net.hiddenSize()
                + ", features=" + pipeline.featureCount() + ", horizon=" + horizon + "]";
    }
}
