package dev.nowcast.trainer.job;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.train.TrainingConfig;

/**
 * The trainer's defaults, shared by {@link TrainingJob} and the command line. Time settings and the smoothing's
 * season candidates come from the data ({@link TimeGrid}); the smoothing is chosen on the training data and the
 * windows shrink to fit short series (in the model library); the budget is counted in optimizer steps, not
 * epochs, so small and large data both get a full learning-rate schedule (docs/benchmarks.md, accuracy).
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
    /** The training budget: enough steps for the learning-rate warm-up and decay on any data size. */
    public static final int OPTIMIZER_STEPS = 1200;
    /** Caps the epochs the budget takes on tiny data (each epoch is also a validation pass). */
    public static final int MAX_EPOCHS = 300;
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
                .seasonalLags(false)
                .smoothing(true)
                .optimizerSteps(OPTIMIZER_STEPS)
                .stride(STRIDE)
                .batchSize(BATCH_SIZE)
                .maxEpochs(MAX_EPOCHS)
                .patience(PATIENCE)
                .learningRate(LEARNING_RATE)
                .seed(SEED)
                .maxWindowsPerEpoch(MAX_WINDOWS_PER_EPOCH)
                .threads(Runtime.getRuntime().availableProcessors());
    }
}
