package dev.nowcast.model.train;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.Calendar;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;
import dev.nowcast.model.network.SequenceBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Trains one global forecasting model over many series (DeepAR style) with truncated BPTT.
 *
 * <p>Each series is run once through the shared {@link FeaturePipeline} (exactly as serving does, gap restarts
 * included) to get its features and targets. A training example is a window of a series: {@code warmupSteps}
 * burn-in steps from zero state without loss, then {@code window} steps with loss. Windows are shuffled each
 * epoch, cut into minibatches and each minibatch into fixed chunks; chunk gradients are computed in parallel and
 * added in chunk order, then averaged over targets, clipped by global norm and applied by Adam under a warm-up +
 * cosine schedule. After each epoch the model is scored on the validation part of every series by streaming
 * it through a {@link Forecaster} (the serving path); the best parameters are kept and training stops early
 * when the validation MAE has not improved for {@code patience} epochs. Finally the interval is calibrated on
 * the validation part: {@code meanScale} and {@code stddevScale} (see {@link TrainingConfig#intervalCoverage()}).
 *
 * <p>Reproducible: the same data, config and seed give the same bits whatever the thread count.
 */
public final class ForecastTrainer {
    /** Matched forecasts each horizon needs on validation before its spread is fitted. */
    static final int MIN_HORIZON_POINTS = 30;
    /** Matched forecasts each horizon needs before the factor's curvature is fitted too (a second parameter). */
    static final int MIN_CURVATURE_POINTS = 100;
    /** Validation points needed to fit the tail scale: about 3 beyond its 0.27% quantile. */
    static final int MIN_TAIL_POINTS = 1000;
    /** The threshold the tail scale is fitted at, in calibrated standard deviations. */
    private static final double TAIL_Z = 3;
    /** Standard errors of held-out gain the error autoregression needs, and on how many points at least. */
    public static final double AUTOREGRESSION_CRITICAL_T = 1.0;
    public static final int MIN_AUTOREGRESSION_POINTS = 50;
    /**
     * The value autoregression's shares of the forecast the job tries on held-out points: a quarter and a half (the
     * simple average, the M competitions' robust combination; more would let the autoregression outweigh the model).
     */
    public static final double[] VALUE_AR_WEIGHTS = {0.25, 0.5};
    private final TrainingConfig config;
    /** True: the base forecast is the last value, not searched ({@link #onLastValue}). */
    private final boolean lastValueBase;

    public ForecastTrainer(TrainingConfig config) {
        this(config, false);
    }

    private ForecastTrainer(TrainingConfig config, boolean lastValueBase) {
        this.config = config;
        this.lastValueBase = lastValueBase;
    }

    /**
     * This trainer with the last value as the base forecast instead of the smoothing search's choice (with
     * {@link TrainingConfig#smoothing()}; everything else as configured): for a job whose model lost to the last
     * value on the points after its training parts.
     */
    public ForecastTrainer onLastValue() {
        return new ForecastTrainer(config, true);
    }

    /** Trains without progress reports or cancellation. */
    public TrainingResult train(List<Series> series) {
        return train(series, TrainingListener.NONE, () -> false);
    }

    /**
     * Trains on {@code series} (the last {@code validationFraction} of each is held out for validation).
     *
     * @param cancelled polled between minibatches; when it returns true, training stops and the best parameters
     *                  so far are kept
     */
    public TrainingResult train(List<Series> series, TrainingListener listener, BooleanSupplier cancelled) {
        TrainingConfig fitted = WindowFit.fit(config, series);
        return fitted.equals(config) ? trainAsConfigured(series, listener, cancelled)
                : new ForecastTrainer(fitted, lastValueBase).trainAsConfigured(series, listener, cancelled);
    }

    private TrainingResult trainAsConfigured(List<Series> series, TrainingListener listener,
                                             BooleanSupplier cancelled) {
        long started = System.nanoTime();
        Data data = prepare(series);
        RecurrentNetwork net = new RecurrentNetwork(config.cellType(), data.pipeline().featureCount(),
                config.hiddenSize(), config.layers(), false, config.head().create(config.sigmaFloor()));
        float[] params = net.initialParameters(config.seed());
        int windows = data.examples().windowSeries().length;
        int perEpoch = config.maxWindowsPerEpoch() == 0 ? windows : Math.min(windows, config.maxWindowsPerEpoch());
        int batchesPerEpoch = perEpoch / config.batchSize();
        if (batchesPerEpoch == 0) {
            // Too little data for one batch even with fitted windows: the base forecast alone, with no correction.
            Calibration calibrated = calibrate(net, params, data, series, false);
            return new TrainingResult(config, net, params, calibrated.pipeline(), 0, 0, Double.NaN, false, List.of(),
                    data.span().from(), data.span().to(), data.span().observations(), data.fitted().smoothing(),
                    calibrated.persistence(), data.autoregression(), calibrated.autoregression(),
                    calibrated.correction(), ValueAutoregressionEvidence.NONE, MedianShiftEvidence.NONE);
        }
        Fitting fit = new Fitting(net, params, data, series, batchesPerEpoch, started);
        fit.run(listener, cancelled);
        Calibration calibrated = calibrate(net, fit.best, data, series, true);
        return new TrainingResult(config, net, fit.best, calibrated.pipeline(), fit.epoch, fit.bestEpoch, fit.bestMae,
                fit.wasCancelled, List.copyOf(fit.history), data.span().from(), data.span().to(),
                data.span().observations(), data.fitted().smoothing(), calibrated.persistence(), data.autoregression(),
                calibrated.autoregression(), calibrated.correction(), ValueAutoregressionEvidence.NONE,
                MedianShiftEvidence.NONE);
    }

    /** An epoch's training loss summed over the targets it counted. */
    private record EpochLoss(double sum, long count) {
    }

    /**
     * The network's fit: epochs of shuffled minibatches (gradient, clipping, Adam at the scheduled rate), each
     * followed by the validation MAE through the serving path, the best parameters kept, until the budget, the
     * patience or a cancellation ends it.
     */
    private final class Fitting {
        private final RecurrentNetwork net;
        private final float[] params;
        private final NetworkWeights weights;
        private final Adam adam;
        private final Data data;
        private final List<Series> series;
        private final int batchesPerEpoch;
        private final int maxEpochs;
        private final int patience;
        private final long totalSteps;
        private final LearningRateSchedule schedule;
        private final int[] order;
        private final float[] grad;
        private final long started;
        final List<EpochProgress> history = new ArrayList<>();
        final float[] best;
        double bestMae = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int epoch;
        boolean wasCancelled;
        private double lr;

        /** @param started when training began ({@link System#nanoTime()}): progress counts the data's preparation */
        Fitting(RecurrentNetwork net, float[] params, Data data, List<Series> series, int batchesPerEpoch,
                long started) {
            this.net = net;
            this.started = started;
            this.params = params;
            this.weights = new NetworkWeights(net, params, true);
            this.adam = new Adam(net.parameterCount());
            this.data = data;
            this.series = series;
            this.batchesPerEpoch = batchesPerEpoch;
            this.maxEpochs = config.optimizerSteps() == 0 ? config.maxEpochs() : (int) Math.min(config.maxEpochs(),
                    (config.optimizerSteps() + batchesPerEpoch - 1L) / batchesPerEpoch);
            // Patience in epochs, but never shorter than a quarter of the budget: small data makes short epochs.
            this.patience = Math.max(config.patience(), maxEpochs / 4);
            this.totalSteps = (long) batchesPerEpoch * maxEpochs;
            this.schedule = LearningRateSchedule.warmupCosine(config.learningRate(), config.minLearningRate(),
                    config.learningRateWarmupSteps());
            this.order = new int[data.examples().windowSeries().length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            this.grad = new float[net.parameterCount()];
            this.best = params.clone();
        }

        void run(TrainingListener listener, BooleanSupplier cancellation) {
            try (ParallelGradient gradient = new ParallelGradient(net, config.batchSize(), config.chunkSize(),
                    config.warmupSteps() + config.window(), config.warmupSteps(), config.threads())) {
                boolean stop = false;
                while (!stop && epoch < maxEpochs) {
                    epoch++;
                    EpochLoss loss = trainOneEpoch(gradient, cancellation);
                    if (wasCancelled && loss.count() == 0) {
                        break;
                    }
                    stop = validate(listener, loss.sum() / loss.count()) || wasCancelled;
                }
            }
            if (bestEpoch == 0) {
                System.arraycopy(params, 0, best, 0, params.length);
            }
        }

        /** One pass over a fresh shuffle of the windows. */
        private EpochLoss trainOneEpoch(ParallelGradient gradient, BooleanSupplier cancellation) {
            shuffle(order, new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch));
            double lossSum = 0;
            long lossCount = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                if (cancellation.getAsBoolean()) {
                    wasCancelled = true;
                    break;
                }
                int first = b * config.batchSize();
                double loss = gradient.compute(weights, grad,
                        (chunk, batch) -> fill(data.examples(), order, first + chunk * config.chunkSize(), batch));
                int count = gradient.lastCount();
                if (count == 0) {
                    continue;
                }
                GradientClipping.clipByGlobalNorm(grad, config.clipNorm());
                lr = schedule.rate(adam.steps(), totalSteps);
                adam.step(params, grad, lr);
                weights.refresh();
                lossSum += loss;
                lossCount += count;
            }
            return new EpochLoss(lossSum, lossCount);
        }

        /** Scores the epoch on validation, keeps the parameters if best, reports; true when patience ran out. */
        private boolean validate(TrainingListener listener, double meanLoss) {
            double mae = new OfflineEvaluator(forecaster(net, params, data.pipeline(), 1))
                    .withTestFraction(config.validationFraction()).withThreads(config.threads())
                    .evaluate(series).mae();
            boolean stop = false;
            if (mae < bestMae) {
                bestMae = mae;
                bestEpoch = epoch;
                System.arraycopy(params, 0, best, 0, params.length);
            } else if (epoch - bestEpoch >= patience) {
                stop = true;
            }
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            long eta = elapsed / epoch * (maxEpochs - epoch);
            EpochProgress progress = new EpochProgress(epoch, maxEpochs, meanLoss, mae, bestMae, bestEpoch, lr,
                    elapsed, eta);
            history.add(progress);
            listener.onEpoch(progress);
            return stop;
        }
    }

    private Forecaster forecaster(RecurrentNetwork net, float[] params, FeaturePipeline pipeline, int horizon) {
        return new Forecaster(0, net, params, pipeline, horizon, config.warmupSteps(), config.maxGapMillis());
    }

    /**
     * The calibrations below, then the validation checks: of each series' error persistence (when it loses, the
     * calibrations again without it), and, where the network adds nothing, of the error autoregression fitted on
     * the training parts (when it wins, the calibrations again with it). Where the network does add something the
     * autoregression stays out: the network already forecasts the same errors, and both together lost on the
     * suites (docs/benchmarks.md, step 17). Where it is not checked here (the network on, too few validation
     * points) the job's check on its held-out part (with too few validation points, on both parts together) may
     * still take it ({@link AutoregressionChoice}).
     *
     * @param trained false for a network that was never trained: its correction is left out ({@code meanScale} 0)
     */
    private Calibration calibrate(RecurrentNetwork net, float[] params, Data data, List<Series> series,
                                  boolean trained) {
        Fitted fitted = data.fitted();
        FeaturePipeline pipeline = fitted.pipeline();
        Calibrated withNetwork = calibrateAsGiven(net, params, pipeline, series, trained);
        PersistenceChoice persistence = fitted.persistence();
        if (persistence == PersistenceChoice.ON && persistenceLoses(net, params, withNetwork.pipeline(), series)) {
            pipeline = pipeline.withPersistenceDecay(0);
            withNetwork = calibrateAsGiven(net, params, pipeline, series, trained);
            persistence = PersistenceChoice.LOST_ON_VALIDATION;
        }
        FeaturePipeline calibrated = withNetwork.pipeline();
        AutoregressionChoice autoregression = autoregressionChoice(net, params, calibrated, data.autoregression(),
                series);
        if (autoregression == AutoregressionChoice.ON) {
            // The network's correction stays out (trained false): both together lost on the suites.
            calibrated = calibrateAsGiven(net, params, pipeline.withErrorAutoregression(data.autoregression()), series,
                    false).pipeline();
        }
        return new Calibration(calibrated, persistence, autoregression, withNetwork.correction());
    }

    /**
     * The value autoregression fitted on the training parts of {@code trainingParts} (before each one's validation
     * part) for {@code result}'s model, at weight 0: the job chooses its weight on points it has not seen
     * ({@link #valueAutoregressionMae}). Null over a last-value base forecast, which is chosen because nothing beat
     * the last value on the training part (a random walk's autoregression fits noise: mixed in over one, a prototype
     * lost on market sets; docs/benchmarks.md, "Combinations with a second forecaster"), and where there are too
     * few points to fit one.
     */
    public static ValueAutoregression fitValueAutoregression(TrainingResult result, List<Series> trainingParts) {
        FeaturePipeline pipeline = result.pipeline();
        if (pipeline.smoothing().naive()) {
            return null;
        }
        return ValueAutoregressionFit.fit(trainingParts, new ForecastTrainer(result.config()).trainEnds(trainingParts),
                pipeline, pipeline.smoothing().seasons(), SeriesState.DEFAULT_RING_CAPACITY,
                result.config().maxGapMillis());
    }

    /**
     * How the forecasts with {@code candidate} mixed in ({@code mixed}) compare with the model's own ({@code model})
     * on held-out points, and whether they beat them by the standard {@link #valueAutoregressionCriticalT} sets for
     * that many points.
     */
    public static ValueAutoregressionEvidence valueAutoregressionEvidence(ValueAutoregression candidate,
                                                                          double[] actual, double[] model,
                                                                          double[] mixed) {
        double t = Significance.tStatistic(actual, model, mixed);
        return new ValueAutoregressionEvidence(candidate, actual.length, mae(actual, model), mae(actual, mixed), t,
                t > valueAutoregressionCriticalT(actual.length));
    }

    /**
     * The standard errors of held-out gain the value autoregression needs on {@code points} points: the error
     * autoregression's {@value #AUTOREGRESSION_CRITICAL_T} from {@value #MIN_AUTOREGRESSION_POINTS} points on; on
     * fewer, down to the test's two blocks ({@link Significance#MIN_POINTS}), the network correction's
     * {@value Significance#CRITICAL_T}, since a statistic from 2 to 4 blocks is noisier; NaN (nothing passes) on
     * fewer still. A short series' momentum is where ARIMA's autoregressive terms win (a minute series of 80 points,
     * 26 held out: 1.308 x ARIMA without it, 1.056 with it; docs/benchmarks.md, step 27).
     */
    public static double valueAutoregressionCriticalT(int points) {
        return points >= MIN_AUTOREGRESSION_POINTS ? AUTOREGRESSION_CRITICAL_T
                : points >= Significance.MIN_POINTS ? Significance.CRITICAL_T : Double.NaN;
    }

    /**
     * {@code result} with {@code value} mixed into its forecasts and its intervals (interval, tails, horizon shape)
     * calibrated again on the validation part of {@code trainingParts}, the training parts it was trained on. The
     * network's share stays: the held-out check chose the weight with it, and chosen again here on the validation
     * part alone, it could serve means that check never saw.
     */
    public static TrainingResult withValueAutoregression(TrainingResult result, List<Series> trainingParts,
                                                         ValueAutoregression value) {
        return withIntervalsFor(result, trainingParts, result.pipeline().withValueAutoregression(value));
    }

    /**
     * {@code result} serving {@code changed} (its forecasts' means changed, its network's share as before) with its
     * intervals (interval, tails, horizon shape) calibrated again for those means on the validation part of
     * {@code trainingParts}, the training parts it was trained on.
     */
    public static TrainingResult withIntervalsFor(TrainingResult result, List<Series> trainingParts,
                                                  FeaturePipeline changed) {
        ForecastTrainer trainer = new ForecastTrainer(result.config());
        FeaturePipeline pipeline = changed.withHorizonShape(0, 0).withCalibration(result.pipeline().meanScale(), 1.0);
        double[][] v = trainer.validationForecasts(result.network(), result.parameters(), pipeline, trainingParts);
        double[] z = new double[v[0].length];
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.abs(v[0][i] - v[1][i]) / v[2][i];
        }
        return z.length == 0 ? result.withPipeline(pipeline.withCalibration(pipeline.meanScale(),
                result.pipeline().stddevScale())) : result.withPipeline(trainer.withIntervals(result.network(),
                result.parameters(), pipeline, trainingParts, z));
    }

    /**
     * {@code result} with its error autoregression in place of the network's correction, calibrated again (interval,
     * tails, horizon exponent) on the validation part of {@code series}, the training parts it was trained on: for a
     * check after training that takes the autoregression ({@link AutoregressionChoice#ON}).
     */
    public static TrainingResult withAutoregression(TrainingResult result, List<Series> series) {
        return withAutoregression(result, series, AutoregressionChoice.ON);
    }

    /** {@link #withAutoregression(TrainingResult, List)}, recording why with {@code choice}. */
    public static TrainingResult withAutoregression(TrainingResult result, List<Series> series,
                                                    AutoregressionChoice choice) {
        FeaturePipeline pipeline = result.pipeline().withHorizonExponent(0)
                .withErrorAutoregression(result.autoregression());
        FeaturePipeline calibrated = new ForecastTrainer(result.config()).calibrateAsGiven(result.network(),
                result.parameters(), pipeline, series, false).pipeline();
        return result.withAutoregression(calibrated, choice);
    }

    /**
     * What becomes of the error autoregression here: none fitted, left out for the network's correction, or the
     * check of the forecasts with it against those without it on the validation part.
     */
    private AutoregressionChoice autoregressionChoice(RecurrentNetwork net, float[] params,
                                                      FeaturePipeline calibrated, ErrorAutoregression ar,
                                                      List<Series> series) {
        if (ar.order() == 0) {
            return config.errorArOrder() == 0 ? AutoregressionChoice.CONFIGURED_OFF : AutoregressionChoice.NO_LAG;
        }
        if (calibrated.meanScale() > 0) {
            return AutoregressionChoice.NETWORK_ON;
        }
        double[][] without = validationForecasts(net, params, calibrated, series);
        double[][] with = validationForecasts(net, params, calibrated.withErrorAutoregression(ar), series);
        return autoregressionCheck(without[0], without[1], with[1]);
    }

    /**
     * Whether forecasts with the error autoregression in place of the network's correction ({@code withAr}) beat
     * the corrected ones ({@code network}) {@linkplain Significance significantly} on at least
     * {@value #MIN_AUTOREGRESSION_POINTS} held-out points.
     */
    public static boolean autoregressionBeatsTheNetwork(double[] actual, double[] network, double[] withAr) {
        return actual.length >= MIN_AUTOREGRESSION_POINTS && Significance.better(actual, network, withAr);
    }

    /**
     * The held-out check of the error autoregression: {@link AutoregressionChoice#ON} when the forecasts with it
     * ({@code withAr}) beat the same without it ({@code without}) on at least {@value #MIN_AUTOREGRESSION_POINTS}
     * points, by at least {@value #AUTOREGRESSION_CRITICAL_T} standard error of the mean gain ({@link Significance});
     * {@link AutoregressionChoice#TOO_FEW_POINTS} on fewer, {@link AutoregressionChoice#LOST} otherwise. One, not the
     * network's two: its handful of coefficients were fitted on the training parts only, at the order the
     * information criterion allows there, so a held-out gain of one standard error is already evidence; at two, a
     * river's monthly heights kept the last value that ARIMA beats by 12% (docs/benchmarks.md, step 17). But only
     * where that standard error means something: from fewer than 5 blocks of points it rests on 1 to 3 degrees of
     * freedom, and a transport panel's 21 validation points passed with a worse MAE.
     */
    public static AutoregressionChoice autoregressionCheck(double[] actual, double[] without, double[] withAr) {
        if (actual.length < MIN_AUTOREGRESSION_POINTS) {
            return AutoregressionChoice.TOO_FEW_POINTS;
        }
        return Significance.better(actual, without, withAr, AUTOREGRESSION_CRITICAL_T) ? AutoregressionChoice.ON
                : AutoregressionChoice.LOST;
    }

    /**
     * Whether the forecasts without each series' error persistence beat those with it
     * {@linkplain Significance significantly} on the validation part: then it is left out, as a long series whose
     * network already follows its errors' dynamics can lose by it. Within chance it stays: it acts only where a
     * series' errors persist, which a calm validation period may not show.
     */
    private boolean persistenceLoses(RecurrentNetwork net, float[] params, FeaturePipeline calibrated,
                                     List<Series> series) {
        double[][] with = validationForecasts(net, params, calibrated, series);
        double[][] without = validationForecasts(net, params, calibrated.withPersistenceDecay(0), series);
        return Significance.better(with[0], with[1], without[1]);
    }

    /**
     * Fits the two post-hoc calibrations on the validation part, streaming it through the serving path:
     * {@code meanScale}, the shrinkage of the network's correction towards the base forecast that minimises the
     * validation MAE (grid 0, 0.05, ..., 1: a correction is never amplified beyond what was learned; 0 gives the base forecast, so the network can never make the
     * validation MAE worse than the smoothing alone; a correction that does not beat the smoothing
     * {@linkplain Significance significantly} is left out, since on a random walk a validation gain is mostly
     * luck that the test period takes back), then {@code stddevScale}, which makes the one-step p10-p90
     * interval cover {@code intervalCoverage} of the validation points (that quantile of |standardised residual|
     * over the normal's 1.2816).
     *
     * @param trained false for a network that was never trained: its correction is left out ({@code meanScale} 0)
     * @return the calibrated pipeline, and what the validation part said about the correction
     */
    private Calibrated calibrateAsGiven(RecurrentNetwork net, float[] params, FeaturePipeline pipeline,
                                  List<Series> series, boolean trained) {
        double[][] full = validationForecasts(net, params, pipeline.withCalibration(1.0, 1.0), series);
        double[][] base = validationForecasts(net, params, pipeline.withCalibration(0.0, 1.0), series);
        int count = full[0].length;
        if (count == 0) {
            return new Calibrated(pipeline.withCalibration(trained ? 1.0 : 0.0, 1.0), CorrectionEvidence.NONE);
        }
        double bestShrink = 0;
        double bestMae = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= (trained ? 20 : 0); k++) {
            double shrink = k * 0.05;
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += Math.abs(full[0][i] - (base[1][i] + shrink * (full[1][i] - base[1][i])));
            }
            if (sum < bestMae) {
                bestMae = sum;
                bestShrink = shrink;
            }
        }
        CorrectionEvidence evidence = trained ? new CorrectionEvidence(count, mae(full[0], base[1]),
                bestMae / count, bestShrink, Significance.tStatistic(full[0], base[1],
                shrunk(full[1], base[1], bestShrink))) : CorrectionEvidence.NONE;
        if (bestShrink > 0 && !evidence.significant()) {
            bestShrink = 0;
        }
        double[] z = new double[count];
        for (int i = 0; i < count; i++) {
            double mean = base[1][i] + bestShrink * (full[1][i] - base[1][i]);
            z[i] = Math.abs(full[0][i] - mean) / full[2][i];
        }
        return new Calibrated(withIntervals(net, params, pipeline.withCalibration(bestShrink, 1.0), series, z),
                evidence);
    }

    /**
     * {@code pipeline} (its network share as given) with its interval, tail scale and h-step shape fitted to the
     * validation points' |standardised errors| {@code z} at a stddev scale of 1.
     */
    private FeaturePipeline withIntervals(RecurrentNetwork net, float[] params, FeaturePipeline pipeline,
                                          List<Series> series, double[] z) {
        int count = z.length;
        double q = quantile(z, count, config.intervalCoverage());
        double stddevScale = q > 0 ? q / NormalDistribution.Z90 : 1.0;
        FeaturePipeline calibrated = pipeline.withCalibration(pipeline.meanScale(), stddevScale)
                .withTailScale(tailScale(z, count, stddevScale));
        if (!FeaturePipeline.SMOOTHED_METHOD.equals(calibrated.method())) {
            return calibrated;
        }
        double[] shape = horizonShape(net, params, calibrated, series);
        return calibrated.withHorizonShape(shape[0], shape[1]);
    }

    /** Mean absolute error of {@code forecast} on {@code actual} (NaN when empty). */
    public static double mae(double[] actual, double[] forecast) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(actual[i] - forecast[i]);
        }
        return sum / actual.length;
    }

    /**
     * How much wider than the calibrated Gaussian's the anomaly bounds must be to flag the validation points a
     * Gaussian flags at 3 sigma: their |standardised error| quantile at that share over 3. 1 with fewer than
     * {@value #MIN_TAIL_POINTS} points, too few to see that far into the tail.
     */
    private static double tailScale(double[] z, int count, double stddevScale) {
        if (count < MIN_TAIL_POINTS) {
            return 1;
        }
        double gaussianShare = 2 * (1 - NormalDistribution.cdf(TAIL_Z));
        return quantile(z, count, 1 - gaussianShare) / stddevScale / TAIL_Z;
    }

    private static double quantile(double[] values, int count, double p) {
        Arrays.sort(values, 0, count);
        return values[(int) Math.min(count - 1, Math.floor(p * count))];
    }

    /**
     * The shape of the h-step stddev's factor that makes the validation coverage of far horizons match that of
     * horizon 1 ({@link #horizonShape(double[], int)} of the validation part's ratios); {0, 0} when there are too
     * few matched forecasts (fewer than {@value #MIN_HORIZON_POINTS} at some horizon).
     */
    private double[] horizonShape(RecurrentNetwork net, float[] params, FeaturePipeline pipeline,
                                  List<Series> series) {
        int horizon = config.horizon();
        if (horizon == 1) {
            return new double[2];
        }
        double[][] z = new double[horizon][1024];
        int[] n = new int[horizon];
        new OfflineEvaluator(forecaster(net, params, pipeline, horizon)).withTestFraction(config.validationFraction())
                .withHorizonListener((h, actual, mean, sd) -> {
                    synchronized (z) {
                        int k = h - 1;
                        if (n[k] == z[k].length) {
                            z[k] = Arrays.copyOf(z[k], 2 * n[k]);
                        }
                        z[k][n[k]++] = Math.abs(actual - mean) / sd;
                    }
                }).withThreads(config.threads()).evaluate(series);
        int fewest = Arrays.stream(n).min().orElse(0);
        if (fewest < MIN_HORIZON_POINTS) {
            return new double[2];
        }
        double q1 = quantile(z[0], n[0], config.intervalCoverage());
        double[] lnRatio = new double[horizon];
        for (int h = 2; h <= horizon; h++) {
            lnRatio[h - 1] = Math.log(quantile(z[h - 1], n[h - 1], config.intervalCoverage()) / q1);
        }
        return horizonShape(lnRatio, fewest);
    }

    /**
     * With {@code lnRatio[h - 1] = ln r_h}, the log of the ratio of the {@code intervalCoverage} quantiles of
     * |standardised error| at h and at 1 (h = 2..H), and {@code x = ln h}: the least-squares fit of
     * {@code ln r_h = e x + c x^2} (errors that outgrow the smoothing's propagation over the first horizons and fall
     * behind it later bend the line). It is kept where every horizon has {@value #MIN_CURVATURE_POINTS} matched
     * forecasts ({@code fewest}), at least one ratio more than the two parameters (H >= 4), e and c within the
     * snapshot's [-2, 2], and the effective exponent {@code ln f / ln h = e + c x} within [-1, 1] at both ends (it is
     * linear in x, so everywhere between): the factor then stays between 1/h and h. Else the line
     * {@code ln r_h = e x}, e bounded to [-1, 1].
     *
     * @return {e, c}
     */
    static double[] horizonShape(double[] lnRatio, int fewest) {
        int horizon = lnRatio.length;
        double sxx = 0;
        double sx3 = 0;
        double sx4 = 0;
        double sxy = 0;
        double sxxy = 0;
        for (int h = 2; h <= horizon; h++) {
            double y = lnRatio[h - 1];
            double x = Math.log(h);
            sxx += x * x;
            sx3 += x * x * x;
            sx4 += x * x * x * x;
            sxy += x * y;
            sxxy += x * x * y;
        }
        double det = sxx * sx4 - sx3 * sx3;
        double e = (sxy * sx4 - sxxy * sx3) / det;
        double c = (sxx * sxxy - sx3 * sxy) / det;
        boolean curved = horizon >= 4 && fewest >= MIN_CURVATURE_POINTS && Math.abs(e) <= 2 && Math.abs(c) <= 2
                && Math.abs(e + c * Math.log(2)) <= 1 && Math.abs(e + c * Math.log(horizon)) <= 1;
        if (curved) {
            return new double[] {e, c};
        }
        double line = sxy / sxx;
        return new double[] {Double.isFinite(line) ? Math.max(-1, Math.min(1, line)) : 0, 0};
    }

    private static double[] shrunk(double[] full, double[] base, double shrink) {
        double[] out = new double[full.length];
        for (int i = 0; i < full.length; i++) {
            out[i] = base[i] + shrink * (full[i] - base[i]);
        }
        return out;
    }

    /** Actual values, one-step means and stddevs of the validation points, through the serving path. */
    private double[][] validationForecasts(RecurrentNetwork net, float[] params, FeaturePipeline pipeline,
                                           List<Series> series) {
        double[][] cols = new double[3][1024];
        int[] n = {0};
        new OfflineEvaluator(forecaster(net, params, pipeline, 1))
                .withTestFraction(config.validationFraction()).withThreads(config.threads())
                .withListener((s, p, t, actual, mean, sd) -> {
                    if (n[0] == cols[0].length) {
                        for (int k = 0; k < cols.length; k++) {
                            cols[k] = Arrays.copyOf(cols[k], 2 * n[0]);
                        }
                    }
                    cols[0][n[0]] = actual;
                    cols[1][n[0]] = mean;
                    cols[2][n[0]] = sd;
                    n[0]++;
                }).evaluate(series);
        for (int k = 0; k < cols.length; k++) {
            cols[k] = Arrays.copyOf(cols[k], n[0]);
        }
        return cols;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void fill(Examples examples, int[] order, int first, SequenceBatch batch) {
        int rows = batch.batchSize();
        int f = batch.features();
        int steps = batch.steps();
        float[] in = batch.inputs();
        float[] targets = batch.targets();
        for (int r = 0; r < rows; r++) {
            int w = order[first + r];
            int s = examples.windowSeries()[w];
            int start = examples.windowStart()[w];
            float[] features = examples.features()[s];
            float[] y = examples.targets()[s];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(features, (start + t) * f, in, batch.inputOffset(t, r), f);
                targets[t * rows + r] = t < batch.burnIn() ? Float.NaN : y[start + t];
            }
        }
    }

    /**
     * What training needs from the data: the pipeline fitted to the training parts, every series' features and
     * targets with the training windows over them, the data's time range, and the autoregression of the base
     * forecast's errors fitted on the training parts (to be checked on validation).
     */
    private record Data(Fitted fitted, Examples examples, Span span, ErrorAutoregression autoregression) {
        FeaturePipeline pipeline() {
            return fitted.pipeline();
        }
    }

    /**
     * The fitted pipeline, the smoothing chosen for it (null when smoothing is off) and what was chosen for the
     * error persistence before the validation check.
     */
    private record Fitted(FeaturePipeline pipeline, SmoothingSearch.Choice smoothing, PersistenceChoice persistence) {
    }

    /**
     * The calibrated pipeline, the error persistence and autoregression it carries after the validation checks, and
     * the validation part's evidence on the network's correction.
     */
    private record Calibration(FeaturePipeline pipeline, PersistenceChoice persistence,
                               AutoregressionChoice autoregression, CorrectionEvidence correction) {
    }

    /** One calibration's pipeline and the validation part's evidence on the network's correction in it. */
    private record Calibrated(FeaturePipeline pipeline, CorrectionEvidence correction) {
    }

    /** Per series its features and one-step targets; per training window its series and first point. */
    private record Examples(float[][] features, float[][] targets, float[][] errors, int[] windowSeries,
                            int[] windowStart) {
    }

    /** First and last timestamp over all series (MAX_VALUE and MIN_VALUE when there are none) and the points. */
    private record Span(long from, long to, long observations) {
    }

    /** One series run through the pipeline; {@code restart[i]}: it restarts before point i (index n: its end). */
    record Encoded(float[] features, float[] targets, float[] errors, boolean[] restart) {
    }

    /** Features, targets and training windows of every series, with the pipeline fitted to their training parts. */
    private Data prepare(List<Series> series) {
        int covariates = requireConsistent(series);
        int[] trainEnd = trainEnds(series);
        Fitted fitted = fit(series, trainEnd, covariates);
        Examples examples = examples(series, trainEnd, fitted.pipeline(), covariates);
        ErrorAutoregression ar = config.errorArOrder() == 0 ? ErrorAutoregression.NONE
                : ErrorAutoregressionFit.fit(examples.errors(), trainEnd, config.errorArOrder(),
                        TrainingDefaults.ERROR_AR_SCALE_DECAY);
        return new Data(fitted, examples, span(series), ar);
    }

    /** The covariate count every series shares; timestamps must strictly increase. */
    private static int requireConsistent(List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to train on");
        }
        int covariates = series.get(0).covariateCount();
        for (Series x : series) {
            if (x.covariateCount() != covariates) {
                throw new IllegalArgumentException("series '" + x.key() + "' has " + x.covariateCount()
                        + " covariates, the first series " + covariates);
            }
            long[] ts = x.timestamps();
            for (int i = 1; i < ts.length; i++) {
                if (ts[i] <= ts[i - 1]) {
                    throw new IllegalArgumentException("series '" + x.key() + "': timestamps must strictly increase"
                            + " (point " + i + ")");
                }
            }
        }
        return covariates;
    }

    /** Where each series' validation part starts: its last {@code validationFraction} is held out. */
    private int[] trainEnds(List<Series> series) {
        int[] trainEnd = new int[series.size()];
        for (int s = 0; s < series.size(); s++) {
            int n = series.get(s).size();
            trainEnd[s] = n - (int) Math.round(n * config.validationFraction());
        }
        return trainEnd;
    }

    private static Span span(List<Series> series) {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        long observations = 0;
        for (Series x : series) {
            if (x.size() > 0) {
                from = Math.min(from, x.timestamps()[0]);
                to = Math.max(to, x.timestamps()[x.size() - 1]);
            }
            observations += x.size();
        }
        return new Span(from, to, observations);
    }

    /**
     * The feature pipeline fitted to the training parts: covariate scaling, a scale floor, the calendar (first: the
     * search restarts series where serving will), the smoothing chosen on them, the per-series correction weight
     * and, over a smoothing other than the last value, the persistence of each series' errors (a last-value base
     * was chosen because nothing beat it: a random walk's changes have none worth a term).
     */
    private Fitted fit(List<Series> series, int[] trainEnd, int covariates) {
        FeaturePipeline scaled = scaled(series, trainEnd, covariates)
                .withCalendar(Calendar.infer(series, config.stepIntervalMillis()));
        SmoothingSearch.Choice smoothing = !config.smoothing() ? null
                : lastValueBase ? SmoothingSearch.lastValue(series, trainEnd, scaled, config.seasonCandidates(),
                        config.maxGapMillis(), config.threads())
                : SmoothingSearch.select(series, trainEnd, scaled, config.seasonCandidates(), config.maxGapMillis(),
                        config.threads());
        FeaturePipeline base = smoothing == null ? scaled
                : scaled.withSmoothing(smoothing.smoothing(), config.intervalAdaptation());
        PersistenceChoice persistence = config.persistenceDecay() == 0 ? PersistenceChoice.CONFIGURED_OFF
                : base.smoothing().naive() ? PersistenceChoice.LAST_VALUE_BASE : PersistenceChoice.ON;
        FeaturePipeline pipeline = base.withCorrectionDecay(config.correctionDecay())
                .withFarAdaptation(config.farAdaptation()
                        / Math.sqrt(Math.max(1, Forecaster.farHorizon(config.horizon()))))
                .withPersistenceDecay(persistence == PersistenceChoice.ON ? config.persistenceDecay() : 0);
        return new Fitted(pipeline, smoothing, persistence);
    }

    /** The last-value pipeline with the covariates' scaling and the scale floor of the training parts. */
    private FeaturePipeline scaled(List<Series> series, int[] trainEnd, int covariates) {
        double[][] covariateScaling = covariateScaling(series, trainEnd, covariates);
        PipelineParameters initial = PipelineParameters.initial(config.levelDecay(), config.scaleDecay(),
                scaleFloor(series, trainEnd), config.inputClip(), config.sigmaFloor(), config.seasonalLags());
        return FeaturePipeline.of(initial, config.stepIntervalMillis(), config.seasonalPeriodsMillis(),
                covariateScaling[0], covariateScaling[1]);
    }

    /** Mean and standard deviation (at least 1e-9) of each covariate over the training parts. */
    private static double[][] covariateScaling(List<Series> series, int[] trainEnd, int covariates) {
        double[] covSum = new double[covariates];
        double[] covSquares = new double[covariates];
        long covCount = 0;
        for (int s = 0; s < series.size(); s++) {
            Series x = series.get(s);
            for (int i = 0; i < trainEnd[s]; i++) {
                for (int c = 0; c < covariates; c++) {
                    double v = x.covariates()[i * covariates + c];
                    covSum[c] += v;
                    covSquares[c] += v * v;
                }
                covCount++;
            }
        }
        double[] covMean = new double[covariates];
        double[] covScale = new double[covariates];
        for (int c = 0; c < covariates; c++) {
            covMean[c] = covSum[c] / Math.max(1, covCount);
            double var = covSquares[c] / Math.max(1, covCount) - covMean[c] * covMean[c];
            covScale[c] = Math.max(1e-9, Math.sqrt(Math.max(0, var)));
        }
        return new double[][] {covMean, covScale};
    }

    /** 1% of the median series' RMS first difference over its training part: the smallest scale a series gets. */
    private static double scaleFloor(List<Series> series, int[] trainEnd) {
        double[] diffRms = new double[series.size()];
        for (int s = 0; s < series.size(); s++) {
            double[] values = series.get(s).values();
            double sq = 0;
            for (int i = 1; i < trainEnd[s]; i++) {
                double d = values[i] - values[i - 1];
                sq += d * d;
            }
            diffRms[s] = trainEnd[s] > 1 ? Math.sqrt(sq / (trainEnd[s] - 1)) : 0;
        }
        double[] positive = Arrays.stream(diffRms).filter(v -> v > 0).sorted().toArray();
        return positive.length == 0 ? 1e-6 : Math.max(1e-12, 0.01 * positive[positive.length / 2]);
    }

    /** Every series' features and targets, and the training windows over them. */
    private Examples examples(List<Series> series, int[] trainEnd, FeaturePipeline pipeline, int covariates) {
        float[][] features = new float[series.size()][];
        float[][] targets = new float[series.size()][];
        float[][] errors = new float[series.size()][];
        Windows windows = new Windows(config.warmupSteps() + config.window(), config.stride());
        for (int s = 0; s < series.size(); s++) {
            Encoded encoded = encode(series.get(s), pipeline, covariates);
            features[s] = encoded.features();
            targets[s] = encoded.targets();
            errors[s] = encoded.errors();
            windows.add(s, encoded.restart(), trainEnd[s]);
        }
        return new Examples(features, targets, errors, windows.series(), windows.starts());
    }

    /** Runs a series through the pipeline, as serving does: features and one-step targets (NaN across a gap). */
    Encoded encode(Series x, FeaturePipeline pipeline, int covariates) {
        int f = pipeline.featureCount();
        int n = x.size();
        float[] feats = new float[n * f];
        float[] y = new float[n];
        double[] scale = new double[n];
        double[] base = new double[n];
        double[] cov = new double[covariates];
        boolean[] restart = new boolean[n + 1];
        restart[n] = true;
        SeriesState state = new SeriesState(Math.max(SeriesState.DEFAULT_RING_CAPACITY,
                pipeline.requiredRingCapacity()));
        state.ensureShape(0, 0, covariates, pipeline.requiredRingCapacity());
        state.ensureSeasonal(pipeline.seasonalLength());
        for (int i = 0; i < n; i++) {
            long t = x.timestamps()[i];
            if (i > 0 && pipeline.restarts(state.lastTimestamp(), t, config.maxGapMillis())) {
                state.restart();
                restart[i] = true;
            }
            x.covariates(i, cov);
            pipeline.update(state, t, x.values()[i], cov, feats, i * f);
            state.accept(t, x.values()[i], cov);
            scale[i] = pipeline.scale(state);
            base[i] = pipeline.baseForecast(state, 1);
        }
        for (int i = 0; i < n; i++) {
            y[i] = restart[i + 1] ? Float.NaN : pipeline.target(base[i], x.values()[i + 1], scale[i]);
        }
        return new Encoded(feats, y, autoregressionErrors(x, pipeline, base, scale, restart), restart);
    }

    /**
     * The one-step errors of the base forecast as the error autoregression scales them, each by the series' slow
     * error scale before it (NaN where a restart follows), as {@link FeaturePipeline#adaptAutoregression} does.
     */
    private static float[] autoregressionErrors(Series x, FeaturePipeline pipeline, double[] base, double[] scale,
                                                boolean[] restart) {
        int n = x.size();
        float[] u = new float[n];
        double[] slow = new double[FeaturePipeline.STATISTICS];
        for (int i = 0; i < n; i++) {
            if (restart[i]) {
                slow[FeaturePipeline.AR_SCALE_SQUARE] = 0;
                slow[FeaturePipeline.AR_SCALE_WEIGHT] = 0;
            }
            if (restart[i + 1]) {
                u[i] = Float.NaN;
                continue;
            }
            double next = x.values()[i + 1];
            u[i] = pipeline.target(base[i], next, pipeline.slowScale(slow, scale[i]));
            FeaturePipeline.addSquaredError(slow, next - base[i], TrainingDefaults.ERROR_AR_SCALE_DECAY);
        }
        return u;
    }

    /** Training windows: each inside one segment (between restarts) and inside its series' training part. */
    private static final class Windows {
        private final int length;
        private final int stride;
        private int[] series = new int[1024];
        private int[] starts = new int[1024];
        private int count;

        Windows(int length, int stride) {
            this.length = length;
            this.stride = stride;
        }

        /** Every loss step of a window has a target: windows end before the training part's last point. */
        void add(int s, boolean[] restart, int trainEnd) {
            int segment = 0;
            for (int i = 1; i < restart.length; i++) {
                if (!restart[i]) {
                    continue;
                }
                int end = Math.min(i, trainEnd) - 1;
                for (int start = segment; start + length <= end; start += stride) {
                    if (count == series.length) {
                        series = Arrays.copyOf(series, 2 * count);
                        starts = Arrays.copyOf(starts, 2 * count);
                    }
                    series[count] = s;
                    starts[count] = start;
                    count++;
                }
                segment = i;
            }
        }

        int[] series() {
            return Arrays.copyOf(series, count);
        }

        int[] starts() {
            return Arrays.copyOf(starts, count);
        }
    }
}
