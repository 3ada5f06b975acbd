package dev.nowcast.model.train;

/**
 * Every default of {@link TrainingConfig}, in one table: {@link TrainingConfig.Builder} starts from these and the
 * trainer's command line shows them. Time settings and the smoothing's season candidates come from the data (the
 * trainer's time grid); the smoothing is chosen on the training data and the windows shrink to fit short series;
 * the budget is counted in optimizer steps, not epochs, so small and large data both get a full learning-rate
 * schedule (docs/benchmarks.md, accuracy).
 */
public final class TrainingDefaults {
    public static final String CELL = "LSTM";
    public static final String HEAD = "GAUSSIAN";
    public static final int LAYERS = 1;
    public static final int HIDDEN_SIZE = 32;
    public static final int HORIZON = 12;
    public static final int WARMUP_STEPS = 48;
    public static final long STEP_INTERVAL_MILLIS = 3_600_000L;
    public static final long MAX_GAP_MILLIS = 24 * STEP_INTERVAL_MILLIS;
    public static final boolean SEASONAL_LAGS = false;
    public static final boolean SMOOTHING = true;
    /**
     * A series' short scored stretch stays within 70-90% coverage more often at 0.5 than at 0.3 (keys in band over
     * the three accuracy suites 0.94 -> 0.995), for a one-step interval score 1.3% higher on average
     * (docs/benchmarks.md, step 16).
     */
    public static final double INTERVAL_ADAPTATION = 0.5;
    public static final double CORRECTION_DECAY = 0.05;
    public static final double PERSISTENCE_DECAY = 0.03;
    /**
     * The median shift's step: 0.01 scales settles within about a hundred points and moves a forecast by a hundredth
     * of its typical error per point, so noise moves it little; at 0.003 it gained less on the suites, at 0.01 on every
     * model it gained most but cost two sets their place within the simple rules, which the trainer job's check keeps
     * it from (docs/benchmarks.md, step 28).
     */
    public static final double MEDIAN_SHIFT_RATE = 0.01;
    /**
     * The highest order of the error autoregression searched: a week of daily errors and one more, most of a
     * population cycle's decade of annual ones; the order's penalty keeps it lower where the data do not carry more.
     */
    public static final int ERROR_AR_ORDER = 16;
    /**
     * Decay of the slow error scale of the error autoregression: about the last 500 points' mean square, so that a
     * series' successive errors keep their linear relation through a burst (a seismograph's AR(16) on changes
     * scaled by the one-step scale, decay 0.02, forecast 1.57 x worse than on the same changes unscaled; 1.06 x
     * at this decay).
     */
    public static final double ERROR_AR_SCALE_DECAY = 0.002;
    /**
     * The far intervals' step before the scaling for their delay: the one-step interval's former step, since at 0.5
     * the far horizons' coverage moved away from 80% on the suites (docs/benchmarks.md, step 16).
     */
    public static final double FAR_ADAPTATION = 0.3;
    public static final int WINDOW = 48;
    public static final int STRIDE = 12;
    public static final int BATCH_SIZE = 64;
    public static final int CHUNK_SIZE = 32;
    /** The training budget: enough steps for the learning-rate warm-up and decay on any data size. */
    public static final int OPTIMIZER_STEPS = 1200;
    /** Caps the epochs the budget takes on tiny data (each epoch is also a validation pass). */
    public static final int MAX_EPOCHS = 300;
    public static final int PATIENCE = 5;
    public static final double LEARNING_RATE = 3e-3;
    public static final double MIN_LEARNING_RATE = 1e-4;
    public static final int LEARNING_RATE_WARMUP_STEPS = 50;
    public static final double CLIP_NORM = 1.0;
    public static final double VALIDATION_FRACTION = 0.15;
    /** Caps an epoch at this many windows (a fresh random subset each epoch), bounding epoch time on big data. */
    public static final int MAX_WINDOWS_PER_EPOCH = 20_000;
    public static final double LEVEL_DECAY = 0.01;
    public static final double SCALE_DECAY = 0.02;
    public static final double INPUT_CLIP = 8;
    public static final double SIGMA_FLOOR = 0.01;
    public static final double INTERVAL_COVERAGE = 0.82;
    public static final long SEED = 1;

    private TrainingDefaults() {
    }

    /** One training thread per available core. */
    public static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
