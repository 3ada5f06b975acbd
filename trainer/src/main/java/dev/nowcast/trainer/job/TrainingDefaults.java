package dev.nowcast.trainer.job;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.train.TrainingConfig;

/**
 * The trainer's defaults, shared by {@link TrainingJob} and the command line. They are the settings of the
 * model library's accuracy tests, which beat the seasonal-naive baseline on hourly flights and match the naive
 * one on 5-second sensors (docs/benchmarks.md), with one epoch budget and window stride for every dataset;
 * time settings come from the data ({@link TimeGrid}). Seasonal lags are on: they only apply when there are
 * seasonal periods.
 */
public final class TrainingDefaults {
    public static final String CELL = "LSTM";
    public static final String HEAD = "GAUSSIAN";
    public static final int LAYERS = 1;
    public static final int HIDDEN_SIZE = 32;
    public static final int HORIZON = 12;
    public static final int WARMUP_STEPS = 48;
    public static final int WINDOW = 48;
    public static final int STRIDE = 12;
    public static final int BATCH_SIZE = 64;
    public static final int EPOCHS = 12;
    public static final int PATIENCE = 5;
    public static final double LEARNING_RATE = 3e-3;
    public static final long SEED = 1;
    /** Caps an epoch at this many windows (a fresh random subset each epoch), bounding epoch time on big data. */
    public static final int MAX_WINDOWS_PER_EPOCH = 20_000;
    /** The last fifth of each series is held out for evaluation and champion/challenger, as in evaluate. */
    public static final double HOLDOUT_FRACTION = 0.2;
    /** Series plotted in the HTML report. */
    public static final int REPORT_SERIES = 4;

    private TrainingDefaults() {
    }

    /** A builder with these defaults and one training thread per available core. */
    public static TrainingConfig.Builder builder() {
        return TrainingConfig.builder()
                .cellType(CellType.valueOf(CELL))
                .head(HeadType.valueOf(HEAD))
                .layers(LAYERS)
                .hiddenSize(HIDDEN_SIZE)
                .horizon(HORIZON)
                .warmupSteps(WARMUP_STEPS)
                .window(WINDOW)
                .seasonalLags(true)
                .stride(STRIDE)
                .batchSize(BATCH_SIZE)
                .maxEpochs(EPOCHS)
                .patience(PATIENCE)
                .learningRate(LEARNING_RATE)
                .seed(SEED)
                .maxWindowsPerEpoch(MAX_WINDOWS_PER_EPOCH)
                .threads(Runtime.getRuntime().availableProcessors());
    }
}
