package dev.nowcast.model.train;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.head.HeadType;

import java.util.Arrays;

/**
 * Everything that defines a training run; the same config and data give the same bits. Build with
 * {@link #builder()} (defaults in {@link Builder}); {@code seasonalPeriodsMillis} is copied on the way in and
 * out.
 *
 * @param warmupSteps   burn-in of each training window run from zero state without loss (truncated BPTT), and
 *                      the number of points after which a served series is warm
 * @param window        steps per training window that carry a loss
 * @param stride        distance between the starts of consecutive windows of a series
 * @param chunkSize     rows per gradient work unit: batches are cut into fixed chunks whose gradients are added in
 *                      chunk order, so the result does not depend on {@code threads}
 * @param validationFraction the last fraction of each series used for validation (early stopping, calibration)
 * @param maxWindowsPerEpoch caps an epoch (0: all windows), to bound epoch time on large data
 * @param smoothing          true: the base forecast is per-series exponential smoothing selected on the training
 *                           data ({@code es-residual-v2}); false: the last value ({@code ewm-diff-v1})
 * @param seasonCandidates   seasonal periods in steps the smoothing may use (none, one or two of them, chosen
 *                           on the data); copied on the way in and out
 * @param intervalAdaptation step of each series' own interval adaptation (with {@code smoothing}; 0: none)
 * @param correctionDecay    decay of each series' evidence on the network's correction, which then weighs it
 *                           by its own recent points (0: the correction as trained everywhere); the default 0.05
 *                           remembers about 20 scored points, enough to estimate a weight and few enough to
 *                           follow a change of regime within two years of monthly data
 * @param farAdaptation      step of each series' adaptation of its far intervals (0: none), before the delay: a
 *                           far forecast is checked F steps late ({@link Forecaster#farHorizon}), by when F more
 *                           checks have moved the factor the same way, so the pipeline's step is this over
 *                           sqrt(F) (0.3 / sqrt(12) = 0.087 for the default horizon), which does not overshoot
 * @param persistenceDecay   decay of each series' estimate of its errors' lag-1 autocorrelation, which then carries
 *                           the last error into the next forecasts (0: none); the default 0.03 averages about
 *                           65 pairs of errors, so the coefficient clears its threshold of 3 standard errors
 *                           (0.37) only for errors that persist, as through a surge the smoothing lags behind
 * @param medianShiftRate    step of each series' median shift, in its scales, which the trainer job keeps where it
 *                           lowers the MAE on held-out points (0: none); see {@link TrainingDefaults#MEDIAN_SHIFT_RATE}
 * @param errorArOrder       highest order of the autoregression of the base forecast's errors the trainer fits
 *                           where the network adds nothing (0: none); see {@link ErrorAutoregressionFit}
 * @param optimizerSteps     the training budget in optimizer steps (epochs are as many as it takes, at most
 *                           {@code maxEpochs}); 0: {@code maxEpochs} epochs
 * @param intervalCoverage   the share of validation points the calibrated p10-p90 interval covers; the default
 *                           0.82 sits a little above the nominal 80% because coverage measured later in time
 *                           (the test period) runs 3-5 points below validation coverage on the flights data
 */
public record TrainingConfig(CellType cellType, int layers, int hiddenSize, HeadType head, int horizon,
                             int warmupSteps, long stepIntervalMillis, long maxGapMillis, long[] seasonalPeriodsMillis,
                             boolean seasonalLags, boolean smoothing, int[] seasonCandidates, double intervalAdaptation,
                             double correctionDecay, double farAdaptation, double persistenceDecay, double medianShiftRate, int errorArOrder, int window, int stride, int batchSize, int chunkSize, int maxEpochs,
                             int optimizerSteps, int patience, double learningRate, double minLearningRate, int learningRateWarmupSteps,
                             double clipNorm, double validationFraction, int maxWindowsPerEpoch, double levelDecay,
                             double scaleDecay, double inputClip, double sigmaFloor, double intervalCoverage, long seed, int threads) {
    public TrainingConfig {
        seasonalPeriodsMillis = seasonalPeriodsMillis.clone();
        seasonCandidates = seasonCandidates.clone();
        for (int p : seasonCandidates) {
            require(p >= 2, "seasonCandidates must be >= 2 steps, got " + p);
        }
        require(intervalAdaptation >= 0 && intervalAdaptation <= 1, "intervalAdaptation must be in [0, 1], got "
                + intervalAdaptation);
        require(correctionDecay >= 0 && correctionDecay < 1, "correctionDecay must be in [0, 1), got " + correctionDecay);
        require(farAdaptation >= 0 && farAdaptation <= 1, "farAdaptation must be in [0, 1], got " + farAdaptation);
        require(persistenceDecay >= 0 && persistenceDecay < 1, "persistenceDecay must be in [0, 1), got "
                + persistenceDecay);
        require(medianShiftRate >= 0 && medianShiftRate < 1, "medianShiftRate must be in [0, 1), got "
                + medianShiftRate);
        require(errorArOrder >= 0 && errorArOrder <= ErrorAutoregression.MAX_ORDER, "errorArOrder must be in [0, "
                + ErrorAutoregression.MAX_ORDER + "], got " + errorArOrder);
        require(optimizerSteps >= 0, "optimizerSteps must be >= 0, got " + optimizerSteps);
        require(layers >= 1 && hiddenSize >= 1 && horizon >= 1, "layers, hiddenSize and horizon must be >= 1");
        require(warmupSteps >= 0 && window >= 1 && stride >= 1, "need warmupSteps >= 0, window >= 1, stride >= 1");
        require(batchSize >= 1 && chunkSize >= 1 && batchSize % chunkSize == 0,
                "batchSize must be a positive multiple of chunkSize, got " + batchSize + " and " + chunkSize);
        require(maxEpochs >= 1 && patience >= 1, "maxEpochs and patience must be >= 1");
        require(learningRate > 0 && minLearningRate >= 0 && minLearningRate <= learningRate,
                "need 0 <= minLearningRate <= learningRate, learningRate > 0");
        require(clipNorm > 0, "clipNorm must be > 0");
        require(intervalCoverage > 0 && intervalCoverage < 1, "intervalCoverage must be in (0, 1)");
        require(validationFraction > 0 && validationFraction < 1, "validationFraction must be in (0, 1)");
        require(threads >= 1 && maxWindowsPerEpoch >= 0 && learningRateWarmupSteps >= 0, "bad threads or caps");
        require(stepIntervalMillis > 0 && maxGapMillis >= stepIntervalMillis, "need 0 < stepInterval <= maxGap");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public long[] seasonalPeriodsMillis() {
        return seasonalPeriodsMillis.clone();
    }

    @Override
    public int[] seasonCandidates() {
        return seasonCandidates.clone();
    }

    /** Compares every component, the seasonal periods by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig[cellType=" + cellType + ", layers=" + layers + ", hiddenSize=" + hiddenSize
                + ", head=" + head + ", horizon=" + horizon + ", warmupSteps=" + warmupSteps
                + ", stepIntervalMillis=" + stepIntervalMillis + ", maxGapMillis=" + maxGapMillis
                + ", seasonalPeriodsMillis=" + Arrays.toString(seasonalPeriodsMillis) + ", seasonalLags="
                + seasonalLags + ", smoothing=" + smoothing + ", seasonCandidates="
                + Arrays.toString(seasonCandidates) + ", intervalAdaptation=" + intervalAdaptation
                + ", correctionDecay=" + correctionDecay + ", farAdaptation=" + farAdaptation + ", persistenceDecay=" + persistenceDecay + ", medianShiftRate=" + medianShiftRate + ", errorArOrder=" + errorArOrder + ", window=" + window + ", stride=" + stride + ", batchSize=" + batchSize
                + ", chunkSize=" + chunkSize + ", maxEpochs=" + maxEpochs + ", optimizerSteps=" + optimizerSteps + ", patience=" + patience
                + ", learningRate=" + learningRate + ", minLearningRate=" + minLearningRate
                + ", learningRateWarmupSteps=" + learningRateWarmupSteps + ", clipNorm=" + clipNorm
                + ", validationFraction=" + validationFraction + ", maxWindowsPerEpoch=" + maxWindowsPerEpoch
                + ", levelDecay=" + levelDecay + ", scaleDecay=" + scaleDecay + ", inputClip=" + inputClip
                + ", sigmaFloor=" + sigmaFloor + ", intervalCoverage=" + intervalCoverage + ", seed=" + seed
                + ", threads=" + threads + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cellType = cellType;
        b.layers = layers;
        b.hiddenSize = hiddenSize;
        b.head = head;
        b.horizon = horizon;
        b.warmupSteps = warmupSteps;
        b.stepIntervalMillis = stepIntervalMillis;
        b.maxGapMillis = maxGapMillis;
        b.seasonalPeriodsMillis = seasonalPeriodsMillis.clone();
        b.seasonalLags = seasonalLags;
        b.smoothing = smoothing;
        b.seasonCandidates = seasonCandidates.clone();
        b.intervalAdaptation = intervalAdaptation;
        b.correctionDecay = correctionDecay;
        b.farAdaptation = farAdaptation;
        b.persistenceDecay = persistenceDecay;
        b.medianShiftRate = medianShiftRate;
        b.errorArOrder = errorArOrder;
        b.optimizerSteps = optimizerSteps;
        b.window = window;
        b.stride = stride;
        b.batchSize = batchSize;
        b.chunkSize = chunkSize;
        b.maxEpochs = maxEpochs;
        b.patience = patience;
        b.learningRate = learningRate;
        b.minLearningRate = minLearningRate;
        b.learningRateWarmupSteps = learningRateWarmupSteps;
        b.clipNorm = clipNorm;
        b.validationFraction = validationFraction;
        b.maxWindowsPerEpoch = maxWindowsPerEpoch;
        b.levelDecay = levelDecay;
        b.scaleDecay = scaleDecay;
        b.inputClip = inputClip;
        b.sigmaFloor = sigmaFloor;
        b.intervalCoverage = intervalCoverage;
        b.seed = seed;
        b.threads = threads;
        return b;
    }

    /** Builder, starting from {@link TrainingDefaults}. */
    public static final class Builder {
        private CellType cellType = CellType.valueOf(TrainingDefaults.CELL);
        private int layers = TrainingDefaults.LAYERS;
        private int hiddenSize = TrainingDefaults.HIDDEN_SIZE;
        private HeadType head = HeadType.valueOf(TrainingDefaults.HEAD);
        private int horizon = TrainingDefaults.HORIZON;
        private int warmupSteps = TrainingDefaults.WARMUP_STEPS;
        private long stepIntervalMillis = TrainingDefaults.STEP_INTERVAL_MILLIS;
        private long maxGapMillis = TrainingDefaults.MAX_GAP_MILLIS;
        private long[] seasonalPeriodsMillis = new long[0];
        private boolean seasonalLags = TrainingDefaults.SEASONAL_LAGS;
        private boolean smoothing = TrainingDefaults.SMOOTHING;
        private int[] seasonCandidates = new int[0];
        private double intervalAdaptation = TrainingDefaults.INTERVAL_ADAPTATION;
        private double correctionDecay = TrainingDefaults.CORRECTION_DECAY;
        private double farAdaptation = TrainingDefaults.FAR_ADAPTATION;
        private double persistenceDecay = TrainingDefaults.PERSISTENCE_DECAY;
        private double medianShiftRate = TrainingDefaults.MEDIAN_SHIFT_RATE;
        private int errorArOrder = TrainingDefaults.ERROR_AR_ORDER;
        private int optimizerSteps = TrainingDefaults.OPTIMIZER_STEPS;
        private int window = TrainingDefaults.WINDOW;
        private int stride = TrainingDefaults.STRIDE;
        private int batchSize = TrainingDefaults.BATCH_SIZE;
        private int chunkSize = TrainingDefaults.CHUNK_SIZE;
        private int maxEpochs = TrainingDefaults.MAX_EPOCHS;
        private int patience = TrainingDefaults.PATIENCE;
        private double learningRate = TrainingDefaults.LEARNING_RATE;
        private double minLearningRate = TrainingDefaults.MIN_LEARNING_RATE;
        private int learningRateWarmupSteps = TrainingDefaults.LEARNING_RATE_WARMUP_STEPS;
        private double clipNorm = TrainingDefaults.CLIP_NORM;
        private double validationFraction = TrainingDefaults.VALIDATION_FRACTION;
        private int maxWindowsPerEpoch = TrainingDefaults.MAX_WINDOWS_PER_EPOCH;
        private double levelDecay = TrainingDefaults.LEVEL_DECAY;
        private double scaleDecay = TrainingDefaults.SCALE_DECAY;
        private double inputClip = TrainingDefaults.INPUT_CLIP;
        private double sigmaFloor = TrainingDefaults.SIGMA_FLOOR;
        private double intervalCoverage = TrainingDefaults.INTERVAL_COVERAGE;
        private long seed = TrainingDefaults.SEED;
        private int threads = TrainingDefaults.threads();

        public Builder cellType(CellType v) { cellType = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder hiddenSize(int v) { hiddenSize = v; return this; }
        public Builder head(HeadType v) { head = v; return this; }
        public Builder horizon(int v) { horizon = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder stepIntervalMillis(long v) { stepIntervalMillis = v; return this; }
        public Builder maxGapMillis(long v) { maxGapMillis = v; return this; }
        public Builder seasonalPeriodsMillis(long... v) { seasonalPeriodsMillis = v.clone(); return this; }
        public Builder seasonalLags(boolean v) { seasonalLags = v; return this; }
        public Builder smoothing(boolean v) { smoothing = v; return this; }
        public Builder seasonCandidates(int... v) { seasonCandidates = v.clone(); return this; }
        public Builder intervalAdaptation(double v) { intervalAdaptation = v; return this; }
        public Builder correctionDecay(double v) { correctionDecay = v; return this; }
        public Builder farAdaptation(double v) { farAdaptation = v; return this; }
        public Builder persistenceDecay(double v) { persistenceDecay = v; return this; }
        public Builder medianShiftRate(double v) { medianShiftRate = v; return this; }
        public Builder errorArOrder(int v) { errorArOrder = v; return this; }
        public Builder optimizerSteps(int v) { optimizerSteps = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder stride(int v) { stride = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder chunkSize(int v) { chunkSize = v; return this; }
        public Builder maxEpochs(int v) { maxEpochs = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder minLearningRate(double v) { minLearningRate = v; return this; }
        public Builder learningRateWarmupSteps(int v) { learningRateWarmupSteps = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder maxWindowsPerEpoch(int v) { maxWindowsPerEpoch = v; return this; }
        public Builder levelDecay(double v) { levelDecay = v; return this; }
        public Builder scaleDecay(double v) { scaleDecay = v; return this; }
        public Builder inputClip(double v) { inputClip = v; return this; }
        public Builder sigmaFloor(double v) { sigmaFloor = v; return this; }
        public Builder intervalCoverage(double v) { intervalCoverage = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(cellType, layers, hiddenSize, head, horizon, warmupSteps, stepIntervalMillis,
                    maxGapMillis, seasonalPeriodsMillis, seasonalLags, smoothing, seasonCandidates, intervalAdaptation, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorArOrder, window, stride, batchSize,
                    chunkSize, maxEpochs, optimizerSteps, patience, learningRate, minLearningRate, learningRateWarmupSteps, clipNorm, validationFraction,
                    maxWindowsPerEpoch, levelDecay, scaleDecay, inputClip, sigmaFloor, intervalCoverage, seed, threads);
        }
    }
}
