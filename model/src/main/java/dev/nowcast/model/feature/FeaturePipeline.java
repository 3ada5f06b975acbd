package dev.nowcast.model.feature;

import java.util.Arrays;

/**
 * The feature pipeline, shared by training and serving: it turns a series' points into network inputs one point
 * at a time, with running statistics held in the series state, defines the base forecast and the training
 * target, and maps the network's outputs back to value units. Two methods: {@value #METHOD}, whose base forecast
 * is the last value, and {@value #SMOOTHED_METHOD}, whose base forecast is the series' own
 * {@link ExponentialSmoothing} (level, damped trend, up to two seasons), which the global network corrects (the
 * ES-RNN hybrid). Immutable and thread-safe. See docs/model.md for the reasoning.
 *
 * <h2>Running statistics</h2>
 * Exponentially weighted with bias correction (the weight {@code w_n = (1 - a) w_{n-1} + 1} makes the first
 * point count fully, so a series needs no prior): {@code statistics[LEVEL_WEIGHT, LEVEL_MEAN, LEVEL_VARIANCE]}
 * track the level with decay {@code levelDecay}; {@code statistics[ERROR_WEIGHT, ERROR_MEAN_SQUARE]} track the
 * mean square of the base forecast's one-step errors (first differences under {@value #METHOD}) with decay
 * {@code scaleDecay}. The scale is {@code s = max(scaleFloor, sqrt(ERROR_MEAN_SQUARE))} (before any error:
 * {@code max(scaleFloor, 0.05 |x|)}). The smoothing's state is {@code statistics[SMOOTH_*]} and the seasonal
 * indices.
 *
 * <h2>Features of the point (t, x_t), in order</h2>
 * <ol>
 *   <li>error: {@code (x_t - base_{t|t-1}) / s_{t-1}}, the previous step's target (0 at the first point)</li>
 *   <li>level: {@code (x_t - mean_t) / max(scaleFloor, sd_t)}</li>
 *   <li>gap: {@code ln((t - t_prev) / stepInterval)} (0 at the first point)</li>
 *   <li>for each seasonal period P: {@code sin} and {@code cos} of {@code 2 pi (t mod P) / P}</li>
 *   <li>if {@code seasonalLags} = 1, for each P: {@code (x(t + step - P) - x_t) / s_t}, the change the
 *       seasonal-naive rule predicts, looked up by exact timestamp in the ring buffer (0 if absent)</li>
 *   <li>each covariate standardised with the global {@code covariateMean} and {@code covariateScale}</li>
 * </ol>
 * Every feature is clipped to {@code [-inputClip, inputClip]}.
 *
 * <h2>Target and inverse transform</h2>
 * The target at t is {@code y_t = clip((x_{t+1} - base_{t+1|t}) / s_t)}, so an output of zero is the base
 * forecast. For network outputs {@code (mu, sigma)} in scaled units, the forecast is
 * {@code mean = base + s_t meanScale mu} and {@code stddev = s_t sigma stddevScale}, where {@code meanScale}
 * (shrinkage towards the base forecast, fitted to minimise validation MAE) and {@code stddevScale} (interval
 * calibration) are fitted on validation data.
 */
public final class FeaturePipeline {
    /** The pipeline whose base forecast is the last value, as stored in a snapshot's normalisation. */
    public static final String METHOD = "ewm-diff-v1";
    /**
     * The pipeline whose base forecast is per-series {@link ExponentialSmoothing} (the network corrects its
     * residual); its normalisation adds the smoothing parameters.
     */
    public static final String SMOOTHED_METHOD = "es-residual-v2";
    /** Number of running statistics per series. */
    public static final int STATISTICS = 38;
    public static final int LEVEL_WEIGHT = 0;
    public static final int LEVEL_MEAN = 1;
    public static final int LEVEL_VARIANCE = 2;
    /** Weight of the one-step error statistics (the first difference under {@value #METHOD}). */
    public static final int ERROR_WEIGHT = 3;
    /** Exponentially weighted mean square of the base forecast's one-step error. */
    public static final int ERROR_MEAN_SQUARE = 4;
    /** Smoothed level ({@value #SMOOTHED_METHOD} only, like the next three). */
    public static final int SMOOTH_LEVEL = 5;
    public static final int SMOOTH_TREND = 6;
    /** Steps on the time grid since the series' first point: the seasonal phase. */
    public static final int SMOOTH_STEPS = 7;
    /** {@link ExponentialSmoothing#layoutCode()} of the smoothing that wrote the state, 0 for none. */
    public static final int SMOOTH_LAYOUT = 8;
    /**
     * Log of the series' own interval multiplier ({@value #SMOOTHED_METHOD} only): adaptive conformal inference
     * (Gibbs and Candes 2021) moves it by {@code intervalAdaptation x (miss - 0.2)} at every scored point, so each
     * series' p10-p90 interval covers 80% of its points in the long run, whatever the global calibration.
     */
    public static final int INTERVAL_LOG_SCALE = 9;
    /**
     * The series' own evidence on the network's correction ({@link #CORRECTION_DECAY}): exponentially weighted
     * means of {@code c x r} and {@code c x c}, where {@code c} is the correction a one-step forecast carried and
     * {@code r} what the base forecast missed by, both over the scale; their ratio is the least-squares weight of
     * the correction for this series.
     */
    public static final int CORRECTION_PRODUCT = 10;
    public static final int CORRECTION_SQUARE = 11;
    /** The weight of that evidence, from 0 at the series' start towards 1. */
    public static final int CORRECTION_EVIDENCE = 12;
    /** The correction (value units, before the series' weight) of the one-step forecast awaiting its point. */
    public static final int PENDING_CORRECTION = 13;
    /**
     * Log of the series' own widening of its far intervals ({@link #FAR_ADAPTATION}): the factor at the checked
     * far horizon F, applied as {@code exp(x ln h / ln F)} at horizon h, so 1 at horizon 1.
     */
    public static final int FAR_LOG_SCALE = 14;
    /**
     * The series' evidence on the persistence of its errors ({@link #PERSISTENCE_DECAY}): its last one-step error
     * over the scale (0 after a gap: the next pair spans more than one step), and exponentially weighted means of
     * {@code u_t x u_(t-1)} and {@code u_(t-1)^2} over pairs of consecutive steps, whose ratio is the least-squares
     * lag-1 autocorrelation of the errors.
     */
    public static final int PERSISTENCE_LAST_ERROR = 15;
    public static final int PERSISTENCE_PRODUCT = 16;
    public static final int PERSISTENCE_SQUARE = 17;
    /** The weight of that evidence, from 0 at the series' start towards 1. */
    public static final int PERSISTENCE_EVIDENCE = 18;
    /**
     * The series' median shift ({@link #MEDIAN_SHIFT_RATE}), in value units, held at float32 precision (the state
     * stores it so): what its one-step forecasts add for the median of their own errors.
     */
    public static final int MEDIAN_SHIFT = 19;
    /**
     * The series' last {@link ErrorAutoregression#MAX_ORDER} scaled one-step errors of the base forecast, newest
     * first ({@link #ERROR_AR}; 0 before a series has them).
     */
    public static final int AR_ERRORS = 20;
    /**
     * The mean square of the base forecast's one-step errors at the autoregression's {@code scaleDecay}, and its
     * bias-correction weight: the scale of {@link #AR_ERRORS} (after them: states of models without it end before).
     */
    public static final int AR_SCALE_SQUARE = AR_ERRORS + ErrorAutoregression.MAX_ORDER;
    public static final int AR_SCALE_WEIGHT = AR_SCALE_SQUARE + 1;

    /** Decay of the level statistics, in (0, 1]. */
    public static final String LEVEL_DECAY = "levelDecay";
    /** Decay of the difference mean square, in (0, 1]. */
    public static final String SCALE_DECAY = "scaleDecay";
    /** Smallest scale, in value units (> 0). */
    public static final String SCALE_FLOOR = "scaleFloor";
    /** Clip of every feature and target (> 0). */
    public static final String INPUT_CLIP = "inputClip";
    /** Interval calibration multiplier of the stddev (> 0). */
    public static final String STDDEV_SCALE = "stddevScale";
    /** Post-hoc shrinkage of the predicted change, in [0, 2] (1: the network's mean as is; 0: naive). */
    public static final String MEAN_SCALE = "meanScale";
    /** Floor of the Gaussian head's sigma, in scaled units (> 0). */
    public static final String SIGMA_FLOOR = "sigmaFloor";
    /** 1 to include the seasonal-lag features, 0 not to. */
    public static final String SEASONAL_LAGS = "seasonalLags";
    public static final String SMOOTHING_ALPHA = "smoothingAlpha";
    public static final String SMOOTHING_BETA = "smoothingBeta";
    public static final String SMOOTHING_PHI = "smoothingPhi";
    /** Seasonal periods of the smoothing in steps (0: none) and their weights. */
    public static final String SEASON1_STEPS = "season1Steps";
    public static final String SEASON1_GAMMA = "season1Gamma";
    public static final String SEASON2_STEPS = "season2Steps";
    public static final String SEASON2_GAMMA = "season2Gamma";
    /** Step of the per-series interval adaptation ({@link #INTERVAL_LOG_SCALE}); 0 turns it off. */
    public static final String INTERVAL_ADAPTATION = "intervalAdaptation";
    /**
     * The h-step stddev is multiplied by {@code h^horizonExponent} ({@value #SMOOTHED_METHOD} only; bent by
     * {@link #HORIZON_CURVATURE} where a snapshot has it): fitted on
     * validation data, it corrects how far the smoothing's error propagation over- or under-states the spread of
     * far forecasts.
     */
    public static final String HORIZON_EXPONENT = "horizonExponent";
    /**
     * Optional (0 when absent, as in snapshots written before it): with it the h-step stddev's factor is
     * {@code exp(horizonExponent ln h + horizonCurvature (ln h)^2)}, a power of h bent in log-log, for errors that
     * grow faster than the smoothing's propagation over the first horizons and slower after (or the reverse).
     */
    public static final String HORIZON_CURVATURE = "horizonCurvature";
    /**
     * Multiplier of the anomaly bounds, optional (1 when absent, as in snapshots written before it): real errors
     * have heavier tails than the Gaussian the 80% interval is calibrated on, so the trainer scales the bounds
     * to flag on validation data the share a Gaussian flags at 3 sigma (0.27%).
     */
    public static final String TAIL_SCALE = "tailScale";
    /** {@link Calendar#code()} of the series' calendar, optional (continuous when absent): forecasts' target times. */
    public static final String CALENDAR = "calendar";
    /**
     * Decay of each series' evidence on the network's correction, in [0, 1), optional (0, off, when absent, as in
     * snapshots written before it). A correction fitted on the whole training set can be wrong for one series, or
     * for all of them once the data change regime; each series then weighs it by how well it has done on its own
     * recent points, between 0 (the base forecast) and 1 (the correction as trained).
     */
    public static final String CORRECTION_DECAY = "correctionDecay";
    /**
     * Step of each series' adaptation of its far intervals, in [0, 1], optional (0, off, when absent). The one-step
     * interval adapts at every point ({@link #INTERVAL_ADAPTATION}); a far forecast is checked when its point
     * arrives, F steps later, and moves {@link #FAR_LOG_SCALE} by {@code farAdaptation x (miss - 0.2)}: adaptive
     * conformal inference with a delay, so that a series whose errors pile up over the horizon (a trend the
     * forecast lags behind, a change of regime) widens its far intervals, and one whose errors cancel narrows them.
     */
    public static final String FAR_ADAPTATION = "farAdaptation";
    /**
     * The smoothing's {@link ExponentialSmoothing.SeasonalForm} code, optional: 0 (additive, indices started from
     * the running level) when absent, as in snapshots written before it; 1 additive; 2 multiplicative.
     */
    public static final String SEASONAL_FORM = "seasonalForm";
    /**
     * {@link ExponentialSmoothing#clip()}, optional (0, none, when absent, as in snapshots written before it): the
     * bound, in scales, of the one-step error that moves the smoothing's state and each series' persistence estimate.
     */
    public static final String SMOOTHING_CLIP = "smoothingClip";
    /**
     * Decay of each series' estimate of its errors' persistence, in [0, 1), optional (0, off, when absent). When
     * the one-step errors of a series are autocorrelated (a surge the smoothing lags behind, a drift the global
     * network does not know), the forecast adds {@code rho x} the last error, and each later step's expected error
     * {@code rho^k} of it is carried forward as the smoothing carries an error: the AR(1) error term ARIMA fits, here estimated per series on its own recent points and
     * soft-thresholded at {@value #PERSISTENCE_THRESHOLD} standard errors, so white-noise errors add nothing.
     */
    public static final String PERSISTENCE_DECAY = "persistenceDecay";
    /**
     * Prefix of the coefficients of the {@link ErrorAutoregression}, {@code errorAr1} to {@code errorAr16},
     * optional (none, off, when absent, as in snapshots written before it).
     */
    public static final String ERROR_AR = "errorAr";
    /**
     * Decay of the slow mean square that scales the autoregression's errors, in [0, 1), optional (absent or 0:
     * the one-step scale, as in snapshots written before it).
     */
    public static final String ERROR_AR_SCALE_DECAY = "errorArScaleDecay";
    /**
     * The {@link ValueAutoregression} mixed into the forecasts, optional (absent: none, as in snapshots written
     * before it): its share of the forecast, in [0, 1), its lag (0: deviations from the level, 1: changes, m:
     * changes over a season of m steps) and its coefficients {@code valueAr1} to {@code valueAr8}.
     */
    public static final String VALUE_AR_WEIGHT = "valueArWeight";
    public static final String VALUE_AR_LAG = "valueArLag";
    public static final String VALUE_AR = "valueAr";
    /**
     * Step of each series' median shift, in its one-step scales, in [0, 1), optional (0, off, when absent, as in
     * snapshots written before it). After each scored point the shift moves by this many scales towards the side the
     * point fell on ({@code sign(value - forecast)}), so it settles where half the errors of the shifted forecasts are
     * above and half below: a stochastic-approximation estimate of the median of the series' own errors. A global model
     * leaves each series a bias of its own (a skewed count, a level the smoothing trails), which the MAE, minimised
     * by the median, pays at every point; a sign step bounds what one outlier moves it by.
     */
    public static final String MEDIAN_SHIFT_RATE = "medianShiftRate";
    /** Standard errors of the autocorrelation estimate that {@link #PERSISTENCE_DECAY}'s coefficient gives up. */
    static final double PERSISTENCE_THRESHOLD = 3;
    /** Bound of the estimated autocorrelation before thresholding: a forecast never carries a whole error on. */
    private static final double MAX_PERSISTENCE = 0.95;
    private static final double FIRST_SCALE_FRACTION = 0.05;
    /** Share of points outside a p10-p90 interval. */
    private static final double MISS_RATE = 0.2;
    /** Steps per period up to which the phases are tabulated (a week of minutes fits). */
    private static final long MAX_PHASE_TABLE = 16_384;

    private final String method;
    private final PipelineParameters params;
    private final ExponentialSmoothing smoothing;
    private final long stepMillis;
    private final long[] periods;
    private final double[] covariateMean;
    private final double[] covariateScale;
    private final double levelDecay;
    private final double scaleDecay;
    private final double scaleFloor;
    private final double clip;
    private final double stddevScale;
    private final double meanScale;
    private final double sigmaFloor;
    private final double intervalAdaptation;
    private final double horizonExponent;
    private final double horizonCurvature;
    private final double tailScale;
    private final Calendar calendar;
    private final double correctionDecay;
    private final double farAdaptation;
    private final double persistenceDecay;
    private final double medianShiftRate;
    private final ErrorAutoregression errorAr;
    private final ValueAutoregression valueAr;
    private final boolean lags;
    // Per period: sin and cos of the phase at every whole step of it, or null for a period too long to tabulate.
    private final float[][] phases;

    private FeaturePipeline(PipelineParameters p, long stepMillis, long[] periods, double[] covariateMean,
                            double[] covariateScale) {
        this.method = p.smoothing() == null ? METHOD : SMOOTHED_METHOD;
        this.params = p;
        this.smoothing = p.smoothing() == null ? ExponentialSmoothing.NAIVE : p.smoothing();
        this.stepMillis = stepMillis;
        this.periods = periods.clone();
        this.covariateMean = covariateMean.clone();
        this.covariateScale = covariateScale.clone();
        this.levelDecay = p.levelDecay();
        this.scaleDecay = p.scaleDecay();
        this.scaleFloor = p.scaleFloor();
        this.clip = p.inputClip();
        this.stddevScale = p.stddevScale();
        this.meanScale = p.meanScale();
        this.sigmaFloor = p.sigmaFloor();
        this.intervalAdaptation = p.intervalAdaptation();
        this.horizonExponent = p.horizonExponent();
        this.horizonCurvature = p.horizonCurvature();
        this.tailScale = p.tailScale();
        this.calendar = p.calendar();
        this.correctionDecay = p.correctionDecay();
        this.farAdaptation = p.farAdaptation();
        this.persistenceDecay = p.persistenceDecay();
        this.medianShiftRate = p.medianShiftRate();
        this.errorAr = p.errorAutoregression();
        this.valueAr = p.valueAutoregression();
        this.lags = p.seasonalLags();
        this.phases = new float[periods.length][];
        for (int q = 0; q < periods.length; q++) {
            long steps = periods[q] / stepMillis;
            if (periods[q] % stepMillis == 0 && steps <= MAX_PHASE_TABLE) {
                float[] table = new float[2 * (int) steps];
                for (int m = 0; m < steps; m++) {
                    phase(m * stepMillis, periods[q], table, 2 * m);
                }
                phases[q] = table;
            }
        }
    }

    /**
     * Builds and validates a pipeline: {@value #SMOOTHED_METHOD} when the parameters have a smoothing, else
     * {@value #METHOD}.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static FeaturePipeline of(PipelineParameters parameters, long stepMillis, long[] periodsMillis,
                                     double[] covariateMean, double[] covariateScale) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("architecture.stepIntervalMillis must be > 0, got " + stepMillis);
        }
        for (int i = 0; i < periodsMillis.length; i++) {
            long p = periodsMillis[i];
            if (p <= stepMillis || p % stepMillis != 0) {
                throw new IllegalArgumentException("architecture.seasonalPeriodsMillis[" + i + "] = " + p
                        + " must be a multiple of the step " + stepMillis + " larger than it");
            }
        }
        if (covariateMean.length != covariateScale.length) {
            throw new IllegalArgumentException("normalisation: covariateMean has " + covariateMean.length
                    + " entries, covariateScale " + covariateScale.length);
        }
        for (int i = 0; i < covariateMean.length; i++) {
            if (!Double.isFinite(covariateMean[i])) {
                throw new IllegalArgumentException("normalisation.covariateMean[" + i + "] is not finite");
            }
            if (!(covariateScale[i] > 0) || Double.isInfinite(covariateScale[i])) {
                throw new IllegalArgumentException("normalisation.covariateScale[" + i + "] must be finite and > 0, got "
                        + covariateScale[i]);
            }
        }
        return new FeaturePipeline(parameters, stepMillis, periodsMillis, covariateMean, covariateScale);
    }

    /** The parameters; {@link PipelineParameters#toMap()} is what a snapshot stores. */
    public PipelineParameters parameters() {
        return params;
    }

    private FeaturePipeline with(PipelineParameters p) {
        return new FeaturePipeline(p, stepMillis, periods, covariateMean, covariateScale);
    }

    /** This pipeline with other calibration multipliers of the mean change and the stddev. */
    public FeaturePipeline withCalibration(double meanScale, double stddevScale) {
        return with(params.withCalibration(meanScale, stddevScale));
    }

    /**
     * This pipeline with its base forecast from {@code e} and per-series interval adaptation of step
     * {@code intervalAdaptation} ({@value #SMOOTHED_METHOD}).
     */
    public FeaturePipeline withSmoothing(ExponentialSmoothing e, double intervalAdaptation) {
        return with(params.withSmoothing(e, intervalAdaptation));
    }

    /** This pipeline with the h-step stddev multiplied by {@code h^exponent} ({@value #SMOOTHED_METHOD}). */
    public FeaturePipeline withHorizonExponent(double exponent) {
        return withHorizonShape(exponent, 0);
    }

    /**
     * This pipeline with the h-step stddev multiplied by {@code exp(exponent ln h + curvature (ln h)^2)}
     * ({@value #SMOOTHED_METHOD}).
     */
    public FeaturePipeline withHorizonShape(double exponent, double curvature) {
        return with(params.withHorizonShape(exponent, curvature));
    }

    public double horizonExponent() {
        return horizonExponent;
    }

    /** {@link #HORIZON_CURVATURE}. */
    public double horizonCurvature() {
        return horizonCurvature;
    }

    /** The h-step stddev's factor at horizon {@code h} (1-based). */
    public double horizonFactor(int h) {
        // h^(e + c ln h): without a curvature exactly h^e, the factor of snapshots written before it.
        return Math.pow(h, horizonExponent + horizonCurvature * Math.log(h));
    }

    /** This pipeline with the anomaly bounds scaled by {@code scale}, clamped to [0.5, 10]. */
    public FeaturePipeline withTailScale(double scale) {
        return with(params.withTailScale(Math.max(PipelineParameters.MIN_TAIL_SCALE,
                Math.min(PipelineParameters.MAX_TAIL_SCALE, scale))));
    }

    /** {@link #TAIL_SCALE}. */
    public double tailScale() {
        return tailScale;
    }

    /** This pipeline with its forecasts' target times on {@code c}. */
    public FeaturePipeline withCalendar(Calendar c) {
        return with(params.withCalendar(c));
    }

    /** This pipeline with each series weighing the network's correction by its own evidence ({@link #CORRECTION_DECAY}). */
    public FeaturePipeline withCorrectionDecay(double decay) {
        return with(params.withCorrectionDecay(decay));
    }

    /** This pipeline with each series adapting its far intervals by step {@code step} ({@link #FAR_ADAPTATION}). */
    public FeaturePipeline withFarAdaptation(double step) {
        return with(params.withFarAdaptation(step));
    }

    /** {@link #FAR_ADAPTATION}. */
    public double farAdaptation() {
        return farAdaptation;
    }

    /** The series' far-interval factor at horizon h (1-based) of a model checking horizon {@code checked}. */
    public double farMultiplier(SeriesHistory history, double lnH, double lnChecked) {
        double x = history.statistics()[FAR_LOG_SCALE];
        return x == 0 ? 1 : Math.exp(x * lnH / lnChecked);
    }

    /** Adapts the far-interval factor to a far forecast checked against its point. Bounded to e^3 either way. */
    public void adaptFar(SeriesHistory history, boolean inside) {
        double[] s = history.statistics();
        double next = s[FAR_LOG_SCALE] + farAdaptation * ((inside ? 0 : 1) - MISS_RATE);
        s[FAR_LOG_SCALE] = Math.max(-3, Math.min(3, next));
    }

    /** {@link #CORRECTION_DECAY}. */
    public double correctionDecay() {
        return correctionDecay;
    }

    /**
     * The series' weight of the network's correction, in [0, 1]: the least-squares weight its own scored points
     * give, trusted as far as their evidence goes (1, the correction as trained, at the start).
     */
    public double correctionWeight(SeriesHistory history) {
        double[] s = history.statistics();
        if (correctionDecay == 0 || !(s[CORRECTION_SQUARE] > 0)) {
            return 1;
        }
        double fit = Math.max(0, Math.min(1, s[CORRECTION_PRODUCT] / s[CORRECTION_SQUARE]));
        double evidence = s[CORRECTION_EVIDENCE];
        return evidence * fit + (1 - evidence);
    }

    /**
     * Records the correction of the one-step forecast just made, for {@link #adaptCorrection} at its point (with
     * the decay off, nothing: the states of a model without it stay as they were).
     */
    public void setPendingCorrection(SeriesHistory history, double correction) {
        if (correctionDecay != 0) {
            history.statistics()[PENDING_CORRECTION] = correction;
        }
    }

    /** The correction of the one-step forecast awaiting its point (value units, before the series' weight). */
    public double pendingCorrection(SeriesHistory history) {
        return history.statistics()[PENDING_CORRECTION];
    }

    /**
     * Learns from a scored point how much the pending correction helped: {@code missed} is what the base forecast
     * missed the value by, and {@code scale} the series' scale when the forecast was made.
     */
    public void adaptCorrection(SeriesHistory history, double missed, double scale) {
        if (correctionDecay == 0) {
            return;
        }
        double[] s = history.statistics();
        double c = s[PENDING_CORRECTION] / scale;
        double r = missed / scale;
        s[CORRECTION_PRODUCT] += correctionDecay * (c * r - s[CORRECTION_PRODUCT]);
        s[CORRECTION_SQUARE] += correctionDecay * (c * c - s[CORRECTION_SQUARE]);
        s[CORRECTION_EVIDENCE] += correctionDecay * (1 - s[CORRECTION_EVIDENCE]);
    }

    /**
     * Forgets the evidence on a correction and on the persistence of the errors: another model's network corrects
     * differently, and leaves other errors. The median shift is forgotten only by a model without one.
     */
    public void forgetCorrection(SeriesHistory history) {
        double[] s = history.statistics();
        s[CORRECTION_PRODUCT] = 0;
        s[CORRECTION_SQUARE] = 0;
        s[CORRECTION_EVIDENCE] = 0;
        s[PENDING_CORRECTION] = 0;
        s[PERSISTENCE_LAST_ERROR] = 0;
        s[PERSISTENCE_PRODUCT] = 0;
        s[PERSISTENCE_SQUARE] = 0;
        s[PERSISTENCE_EVIDENCE] = 0;
        // The slow scale stays: it measures the kept base forecast's errors, and restarted from one error it would
        // scale the next ones by that error alone.
        Arrays.fill(s, AR_ERRORS, AR_SCALE_SQUARE, 0);
        // The median shift stays where this model has one too: the kept smoothing's bias is most of what it measures,
        // and it takes a hundred points to settle again.
        if (medianShiftRate == 0) {
            s[MEDIAN_SHIFT] = 0;
        }
    }

    /** This pipeline with each series estimating its errors' persistence at decay {@code decay} (0: off). */
    public FeaturePipeline withPersistenceDecay(double decay) {
        return with(params.withPersistenceDecay(decay));
    }

    /** This pipeline with the autoregression {@code ar} of the base forecast's errors. */
    public FeaturePipeline withErrorAutoregression(ErrorAutoregression ar) {
        return with(params.withErrorAutoregression(ar));
    }

    /**
     * The running statistics a series of this pipeline can hold other than 0, the first ones: the median shift's only
     * where it has one or an error autoregression (whose statistics come after it), and those of the error
     * autoregression only where it has one.
     */
    public int statisticsInUse() {
        return errorAr.order() > 0 ? STATISTICS : medianShiftRate > 0 ? MEDIAN_SHIFT + 1 : MEDIAN_SHIFT;
    }

    /** This pipeline with the autoregression {@code ar} of the values mixed into the forecasts. */
    public FeaturePipeline withValueAutoregression(ValueAutoregression ar) {
        return with(params.withValueAutoregression(ar));
    }

    /** {@link #VALUE_AR}: {@link ValueAutoregression#NONE} when off. */
    public ValueAutoregression valueAutoregression() {
        return valueAr;
    }

    /** The series' level: its running mean at {@link #LEVEL_DECAY}, the value autoregression's centre. */
    public double level(SeriesHistory history) {
        return history.statistics()[LEVEL_MEAN];
    }

    /**
     * The levels a series' running mean takes, {@code out[i]} after point i, starting again where a gap longer than
     * {@code maxGapMillis} restarts the series: the trainer's view of {@link #level} for fitting the value
     * autoregression.
     */
    public double[] levels(long[] timestamps, double[] values, long maxGapMillis) {
        double[] out = new double[values.length];
        double weight = 0;
        double mean = 0;
        for (int i = 0; i < values.length; i++) {
            if (i > 0 && restarts(timestamps[i - 1], timestamps[i], maxGapMillis)) {
                weight = 0;
                mean = 0;
            }
            weight = levelWeight(weight);
            mean += (values[i] - mean) / weight;
            out[i] = mean;
        }
        return out;
    }

    private double levelWeight(double weight) {
        return (1 - levelDecay) * weight + 1;
    }

    /** {@link #ERROR_AR}: {@link ErrorAutoregression#NONE} when off. */
    public ErrorAutoregression errorAutoregression() {
        return errorAr;
    }

    /**
     * The autoregression's expected next error of the series, in value units at scale {@code scale} (0 when
     * off).
     */
    public double autoregressiveError(SeriesHistory history, double scale) {
        return errorAr.expected(history.statistics()) * autoregressionScale(history, scale);
    }

    /**
     * The scale of the autoregression's errors: the one-step {@code scale} (without a scale decay of its own, or
     * before the series' first error), else the root of the errors' own slow mean square, at least the scale floor.
     */
    public double autoregressionScale(SeriesHistory history, double scale) {
        return errorAr.scaleDecay() == 0 ? scale : slowScale(history.statistics(), scale);
    }

    /**
     * The root of the slow mean square in {@code stats} ({@link #AR_SCALE_SQUARE}), at least the scale floor; the
     * one-step {@code scale} before it has an error.
     */
    public double slowScale(double[] stats, double scale) {
        return stats[AR_SCALE_WEIGHT] == 0 ? scale : Math.max(scaleFloor, Math.sqrt(stats[AR_SCALE_SQUARE]));
    }

    /** Adds a one-step error {@code e} to the slow mean square of {@code stats} at {@code decay} (bias-corrected). */
    public static void addSquaredError(double[] stats, double e, double decay) {
        double w = (1 - decay) * stats[AR_SCALE_WEIGHT] + 1;
        stats[AR_SCALE_WEIGHT] = w;
        stats[AR_SCALE_SQUARE] += (e * e - stats[AR_SCALE_SQUARE]) / w;
    }

    /**
     * Keeps the one-step error of the base forecast on the point {@code value} for the autoregression (the
     * statistics as when the forecast was made; nothing without an autoregression).
     */
    public void adaptAutoregression(SeriesHistory history, double value, double scale) {
        if (errorAr.order() > 0) {
            double base = baseForecast(history, 1);
            errorAr.push(history.statistics(), target(base, value, autoregressionScale(history, scale)));
            if (errorAr.scaleDecay() > 0) {
                addSquaredError(history.statistics(), value - base, errorAr.scaleDecay());
            }
        }
    }

    /** {@link #MEDIAN_SHIFT_RATE} (0: off). */
    public double medianShiftRate() {
        return medianShiftRate;
    }

    /** This pipeline with each series shifting its forecasts by the median of their errors at {@code rate} (0: off). */
    public FeaturePipeline withMedianShiftRate(double rate) {
        return with(params.withMedianShiftRate(rate));
    }

    /** What the series' forecasts add for the median of their errors (value units; 0 when off). */
    public double medianShift(SeriesHistory history) {
        return history.statistics()[MEDIAN_SHIFT];
    }

    /**
     * Moves the series' median shift by {@link #MEDIAN_SHIFT_RATE} scales towards a scored point's {@code error}
     * (the value minus the shifted forecast; none on an exact hit), at the float32 precision the state keeps.
     */
    public void adaptMedianShift(SeriesHistory history, double error, double scale) {
        if (medianShiftRate == 0) {
            return;
        }
        double[] s = history.statistics();
        s[MEDIAN_SHIFT] = (float) (s[MEDIAN_SHIFT] + medianShiftRate * scale * Math.signum(error));
    }

    /** {@link #PERSISTENCE_DECAY}. */
    public double persistenceDecay() {
        return persistenceDecay;
    }

    /**
     * The series' persistence coefficient: the lag-1 autocorrelation of its errors, less
     * {@value #PERSISTENCE_THRESHOLD} standard errors towards 0 (0 within them), the standard error being one over
     * the square root of the pairs the exponentially weighted means effectively average.
     */
    public double persistence(SeriesHistory history) {
        double[] s = history.statistics();
        if (persistenceDecay == 0 || !(s[PERSISTENCE_SQUARE] > 0)) {
            return 0;
        }
        double rho = Math.max(-MAX_PERSISTENCE,
                Math.min(MAX_PERSISTENCE, s[PERSISTENCE_PRODUCT] / s[PERSISTENCE_SQUARE]));
        // The effective count of an exponentially weighted mean of n terms, (sum w)^2 / sum w^2, with e its
        // evidence 1 - (1 - d)^n: e (2 - d) / (d (2 - e)), (2 - d) / d once settled, about n at the start.
        double e = s[PERSISTENCE_EVIDENCE];
        double points = e * (2 - persistenceDecay) / (persistenceDecay * (2 - e));
        double threshold = PERSISTENCE_THRESHOLD / Math.sqrt(Math.max(1, points));
        return Math.signum(rho) * Math.max(0, Math.abs(rho) - threshold);
    }

    /** What the next one-step forecast adds for the persistence of the last error (value units, at {@code scale}). */
    public double persistentError(SeriesHistory history, double scale) {
        return persistentError(history, scale, persistence(history));
    }

    /** {@link #persistentError(SeriesHistory, double)} with the series' {@link #persistence} already at hand. */
    public double persistentError(SeriesHistory history, double scale, double persistence) {
        return persistence * history.statistics()[PERSISTENCE_LAST_ERROR] * scale;
    }

    /**
     * Learns from a scored point's {@code error} (before the persistence term) how the series' errors persist.
     * Only a pair of errors one step apart counts; after a gap ({@code consecutive} false) the last error is
     * forgotten, so the next forecast carries none and the next pair is skipped.
     */
    public void adaptPersistence(SeriesHistory history, double error, double scale, boolean consecutive) {
        if (persistenceDecay == 0) {
            return;
        }
        double[] s = history.statistics();
        double u = error / scale;
        double clip = smoothing.clip();
        if (clip > 0) {
            // The smoothing's clip: one outlier's product with its neighbours would outweigh dozens of ordinary pairs.
            u = Math.max(-clip, Math.min(clip, u));
        }
        double previous = s[PERSISTENCE_LAST_ERROR];
        if (consecutive && previous != 0) {
            s[PERSISTENCE_PRODUCT] += persistenceDecay * (u * previous - s[PERSISTENCE_PRODUCT]);
            s[PERSISTENCE_SQUARE] += persistenceDecay * (previous * previous - s[PERSISTENCE_SQUARE]);
            s[PERSISTENCE_EVIDENCE] += persistenceDecay * (1 - s[PERSISTENCE_EVIDENCE]);
        }
        s[PERSISTENCE_LAST_ERROR] = consecutive ? u : 0;
    }

    /**
     * Whether a point at {@code timestamp} after one at {@code previous} restarts the series: the time between them,
     * as the calendar counts it ({@link Calendar#elapsed}: a weekend is no gap on weekdays), exceeds
     * {@code maxGapMillis}.
     */
    public boolean restarts(long previous, long timestamp, long maxGapMillis) {
        return calendar.elapsed(previous, timestamp) > maxGapMillis;
    }

    /**
     * Whether {@code timestamp} is the step after {@code previous} on this pipeline's grid: at most one step on,
     * rounded as the smoothing counts steps (28-31 days are one monthly step), or the calendar's next time (a
     * Friday's close is followed by Monday's).
     */
    public boolean consecutive(long previous, long timestamp) {
        return Math.round((double) (timestamp - previous) / stepMillis) <= 1
                || calendar.next(previous, stepMillis) == timestamp;
    }

    /** The calendar of the forecasts' target times. */
    public Calendar calendar() {
        return calendar;
    }

    /** {@value #METHOD} or {@value #SMOOTHED_METHOD}. */
    public String method() {
        return method;
    }

    /** The base forecast's smoothing ({@link ExponentialSmoothing#NAIVE} under {@value #METHOD}). */
    public ExponentialSmoothing smoothing() {
        return smoothing;
    }

    /** Step of the per-series interval adaptation (0: none, always under {@value #METHOD}). */
    public double intervalAdaptation() {
        return intervalAdaptation;
    }

    /** The series' own interval multiplier (1 until adaptation moves it). */
    public double intervalMultiplier(SeriesHistory history) {
        return intervalAdaptation == 0 ? 1 : Math.exp(history.statistics()[INTERVAL_LOG_SCALE]);
    }

    /**
     * Adapts the series' interval multiplier to a scored point: up after a miss of its p10-p90 interval, down
     * after a hit, so that misses settle at 20%. Bounded to a factor of e^3 either way.
     */
    public void adaptInterval(SeriesHistory history, boolean inside) {
        if (intervalAdaptation > 0) {
            double[] s = history.statistics();
            double next = s[INTERVAL_LOG_SCALE] + intervalAdaptation * ((inside ? 0 : 1) - MISS_RATE);
            s[INTERVAL_LOG_SCALE] = Math.max(-3, Math.min(3, next));
        }
    }

    /** Seasonal indices a series state holds for this pipeline. */
    public int seasonalLength() {
        return smoothing.seasonalLength();
    }

    /** Number of features for the given configuration: {@code 3 + 2P (+ P with lags) + covariates}. */
    public static int featureCount(int periods, boolean seasonalLags, int covariates) {
        return 3 + (seasonalLags ? 3 : 2) * periods + covariates;
    }

    /** Number of features this pipeline produces per point. */
    public int featureCount() {
        return featureCount(periods.length, lags, covariateMean.length);
    }

    public int covariates() {
        return covariateMean.length;
    }

    public long stepMillis() {
        return stepMillis;
    }

    /** Seasonal periods in milliseconds (a copy). */
    public long[] periodsMillis() {
        return periods.clone();
    }

    /** Covariate means (a copy). */
    public double[] covariateMean() {
        return covariateMean.clone();
    }

    /** Covariate scales (a copy). */
    public double[] covariateScale() {
        return covariateScale.clone();
    }

    public double stddevScale() {
        return stddevScale;
    }

    public double meanScale() {
        return meanScale;
    }

    public double sigmaFloor() {
        return sigmaFloor;
    }

    public double clip() {
        return clip;
    }

    /**
     * Smallest ring buffer that holds every seasonal lag ({@code max P / step} with lags) and the value
     * autoregression's span; else 1.
     */
    public int requiredRingCapacity() {
        int max = valueAr.on() ? valueAr.span() : 1;
        if (lags) {
            for (long p : periods) {
                max = (int) Math.max(max, p / stepMillis);
            }
        }
        return max;
    }

    /**
     * Updates the running statistics with the point {@code (timestamp, value)} (not yet accepted into
     * {@code history}) and writes its features to {@code features[off .. off+featureCount)}.
     */
    public void update(SeriesHistory history, long timestamp, double value, double[] covariates, float[] features,
                       int off) {
        double[] s = history.statistics();
        boolean first = history.observations() == 0;
        double previousScale = scale(s, first ? value : history.lastValue());
        double change = 0;
        double gap = 0;
        long advance = 1;
        if (!first) {
            double d = value - baseForecast(history, 1);
            change = d / previousScale;
            long interval = timestamp - history.lastTimestamp();
            gap = Math.log((double) interval / stepMillis);
            advance = Math.max(1, Math.round((double) interval / stepMillis));
            double w = (1 - scaleDecay) * s[ERROR_WEIGHT] + 1;
            s[ERROR_WEIGHT] = w;
            s[ERROR_MEAN_SQUARE] += (d * d - s[ERROR_MEAN_SQUARE]) / w;
        }
        if (!smoothing.naive()) {
            smoothing.update(s, history.seasonal(), history.observations(), advance, value, previousScale);
        }
        double w = levelWeight(s[LEVEL_WEIGHT]);
        double delta = value - s[LEVEL_MEAN];
        s[LEVEL_WEIGHT] = w;
        s[LEVEL_MEAN] += delta / w;
        s[LEVEL_VARIANCE] = (1 - 1 / w) * (s[LEVEL_VARIANCE] + delta * delta / w);
        features[off] = clipped(change);
        features[off + 2] = clipped(gap);
        write(history, timestamp, value, scale(s, value), covariates, features, off);
    }

    /**
     * Features of a predicted point during an H-step rollout, without touching {@code history}: the change is
     * the predicted scaled change, the gap is one step, the statistics stay those of the last observed point,
     * covariates are carried forward and seasonal lags come from observed ring points only.
     *
     * @param timestamp       the predicted point's time
     * @param predicted       the predicted value (the previous step's mean)
     * @param predictedChange the network's previous output {@code mu} (scaled change)
     * @param scale           {@link #scale(SeriesHistory)} at the last observed point
     */
    public void rolloutFeatures(SeriesHistory history, long timestamp, double predicted, double predictedChange,
                                double scale, double[] covariates, float[] features, int off) {
        features[off] = clipped(predictedChange);
        features[off + 2] = 0f;
        write(history, timestamp, predicted, scale, covariates, features, off);
    }

    private void write(SeriesHistory history, long timestamp, double value, double scale, double[] covariates,
                       float[] features, int off) {
        double[] s = history.statistics();
        features[off + 1] = clipped((value - s[LEVEL_MEAN]) / Math.max(scaleFloor, Math.sqrt(s[LEVEL_VARIANCE])));
        int k = off + 3;
        for (int q = 0; q < periods.length; q++) {
            long r = Math.floorMod(timestamp, periods[q]);
            float[] table = phases[q];
            if (table != null && r % stepMillis == 0) {
                int i = 2 * (int) (r / stepMillis);
                features[k] = table[i];
                features[k + 1] = table[i + 1];
            } else {
                phase(r, periods[q], features, k);
            }
            k += 2;
        }
        if (lags) {
            for (long p : periods) {
                int i = history.ringIndexOf(timestamp + stepMillis - p);
                features[k++] = i < 0 ? 0f : clipped((history.ringValue(i) - value) / scale);
            }
        }
        for (int c = 0; c < covariateMean.length; c++) {
            features[k++] = clipped((covariates[c] - covariateMean[c]) / covariateScale[c]);
        }
    }

    /**
     * Sine and cosine of the seasonal phase {@code r / p} of a full turn. StrictMath for the same bits on every
     * machine; on JDK 17 it is a native call, so the constructor tabulates the whole steps of each period once
     * (same expression, same bits) and a point on the step grid reads the table.
     */
    private static void phase(long r, long p, float[] out, int off) {
        double angle = 2 * Math.PI * r / p;
        out[off] = (float) StrictMath.sin(angle);
        out[off + 1] = (float) StrictMath.cos(angle);
    }

    /**
     * The base forecast {@code h} steps after the series' last point: the last value under {@value #METHOD}
     * (exactly, so "no change" stays exact), the smoothing's forecast under {@value #SMOOTHED_METHOD}.
     */
    public double baseForecast(SeriesHistory history, int h) {
        return smoothing.naive() ? history.lastValue() : smoothing.forecast(history.statistics(), history.seasonal(), h);
    }

    /** The current scale {@code s_t} of a series (after its last update). */
    public double scale(SeriesHistory history) {
        return scale(history.statistics(), history.lastValue());
    }

    private double scale(double[] s, double value) {
        if (s[ERROR_WEIGHT] == 0) {
            return Math.max(scaleFloor, FIRST_SCALE_FRACTION * Math.abs(value));
        }
        return Math.max(scaleFloor, Math.sqrt(s[ERROR_MEAN_SQUARE]));
    }

    /**
     * The training target: the error of the base forecast {@code base} (the last value under {@value #METHOD})
     * of the next value {@code next}, at scale {@code scale}.
     */
    public float target(double base, double next, double scale) {
        return clipped((next - base) / scale);
    }

    private float clipped(double v) {
        return (float) Math.max(-clip, Math.min(clip, v));
    }
}
