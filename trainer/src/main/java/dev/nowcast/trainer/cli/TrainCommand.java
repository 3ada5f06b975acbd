package dev.nowcast.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.CsvHistorySource;
import dev.nowcast.trainer.history.HistoryLimits;
import dev.nowcast.trainer.history.HistorySource;
import dev.nowcast.trainer.history.TopicHistorySource;
import dev.nowcast.trainer.job.TimeGrid;
import dev.nowcast.model.train.TrainingDefaults;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.job.TrainingOutcome;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.publish.WeightsTopic;
import dev.nowcast.trainer.report.ReportFiles;
import dev.nowcast.trainer.signing.SigningKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nowcast train}: trains a model on history, scores it against the published champion and the
 * baselines, and publishes it as the next version if it is better. A thin shell over {@link TrainingJob}:
 * options in, progress and exit code out.
 */
@Command(name = "train", sortOptions = false, showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "Trains a recurrent forecasting model on history from observation topics or a CSV file, scores it "
                    + "on the last part of each series against the published champion and the naive and "
                    + "seasonal-naive baselines, and publishes it to the weights topic as the next version if its "
                    + "MAE is lower (or with --force).",
            "",
            "The history read is bounded: a uniform sample of at most --max-series series (chosen by a hash of "
                    + "the key) and the --max-points most recent points of each. Ctrl-C stops training and carries "
                    + "on with the best model so far; a second Ctrl-C aborts.",
            ""},
        footer = {"", "Exit codes: 0 done (whether or not the model was published), 1 runtime failure, "
                + "2 usage or configuration error, 130 cancelled."})
public final class TrainCommand extends TrainerCommand {

    @Option(names = "--model", required = true, paramLabel = "NAME", order = 0,
            description = "Model name: the key of its snapshots on the weights topic. Without --csv or --topic, "
                    + "the history is read from the topics bound to it in nowcast.models.")
    String model;

    @ArgGroup(validate = false, heading = "%nHistory:%n", order = 1)
    HistoryOptions history = new HistoryOptions();

    @ArgGroup(validate = false, heading = "%nModel:%n", order = 2)
    ModelOptions network = new ModelOptions();

    @ArgGroup(validate = false, heading = "%nTraining:%n", order = 3)
    TrainingOptions training = new TrainingOptions();

    @ArgGroup(validate = false, heading = "%nEvaluation and publishing:%n", order = 4)
    PublishingOptions publishing = new PublishingOptions();

    @Mixin
    ConfigOptions config = new ConfigOptions();

    /** Where the history comes from and how much of it is kept. */
    static final class HistoryOptions {
        @Option(names = "--csv", paramLabel = "FILE",
                description = "History from a CSV file in the long format key,timestamp,value[,covariates...].")
        Path csv;

        @Option(names = "--topic", paramLabel = "TOPIC", split = ",",
                description = "History from these observation topics (comma-separated or repeated).")
        List<String> topics;

        @Option(names = "--from", paramLabel = "TIME", converter = Converters.IsoInstant.class,
                description = "Only points at or after this ISO-8601 time (topics: read from the first offset at "
                        + "or after it). Default: from the beginning.")
        Instant from;

        @Option(names = "--max-series", paramLabel = "N", defaultValue = "" + HistoryLimits.DEFAULT_MAX_SERIES,
                description = "Series kept: a uniform sample by key hash, the same one on every run.")
        int maxSeries = HistoryLimits.DEFAULT_MAX_SERIES;

        @Option(names = "--max-points", paramLabel = "N", defaultValue = "" + HistoryLimits.DEFAULT_MAX_POINTS,
                description = "Most recent points kept per series.")
        int maxPoints = HistoryLimits.DEFAULT_MAX_POINTS;
    }

    /** The network and its time grid. */
    static final class ModelOptions {
        @Option(names = "--cell", paramLabel = "CELL", defaultValue = TrainingDefaults.CELL,
                converter = Converters.Cell.class, description = "Recurrent cell: LSTM, GRU, ELMAN_TANH or ELMAN_RELU.")
        CellType cell = CellType.valueOf(TrainingDefaults.CELL);

        @Option(names = "--layers", paramLabel = "N", defaultValue = "" + TrainingDefaults.LAYERS,
                description = "Stacked recurrent layers.")
        int layers = TrainingDefaults.LAYERS;

        @Option(names = "--hidden-size", paramLabel = "N", defaultValue = "" + TrainingDefaults.HIDDEN_SIZE,
                description = "Hidden state size of each layer.")
        int hiddenSize = TrainingDefaults.HIDDEN_SIZE;

        @Option(names = "--head", paramLabel = "HEAD", defaultValue = TrainingDefaults.HEAD,
                converter = Converters.Head.class,
                description = "GAUSSIAN (mean and spread, trained by likelihood) or POINT (mean only).")
        HeadType head = HeadType.valueOf(TrainingDefaults.HEAD);

        @Option(names = "--horizon", paramLabel = "STEPS", defaultValue = "" + TrainingDefaults.HORIZON,
                description = "Steps forecast per observation.")
        int horizon = TrainingDefaults.HORIZON;

        @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "" + TrainingDefaults.WARMUP_STEPS,
                description = "Burn-in of each training window, and the points after which a series is warm.")
        int warmup = TrainingDefaults.WARMUP_STEPS;

        @Option(names = "--step", paramLabel = "DURATION", defaultValue = Converters.AUTO,
                converter = Converters.AutoDuration.class,
                description = "Nominal step interval (5s, 1h, 1d, ...); auto: the median interval of the data.")
        Duration step;

        @Option(names = "--max-gap", paramLabel = "DURATION", defaultValue = Converters.AUTO,
                converter = Converters.AutoDuration.class,
                description = "A longer gap restarts a series (weekends do not count on a weekday calendar); auto: "
                        + TimeGrid.DEFAULT_MAX_GAP_STEPS + " steps, or longer when the data pauses for longer on "
                        + "most days (an exchange's nights).")
        Duration maxGap;

        @Option(names = "--seasonal-periods", paramLabel = "LIST", defaultValue = Converters.AUTO,
                converter = Converters.Periods.class,
                description = "Seasonal periods as features (e.g. 24h,7d), none, or auto: the hour, day and week "
                        + "that are whole multiples of the step, at most " + TimeGrid.MAX_SEASON_STEPS
                        + " steps, and fit twice in the data.")
        Converters.SeasonalPeriods seasonalPeriods = new Converters.SeasonalPeriods(null);

        @Option(names = "--seasonal-lags", negatable = false,
                description = "Add the seasonal-lag features (the change the seasonal-naive rule predicts); the "
                        + "smoothing's seasons usually make them redundant, and they keep a season of points per "
                        + "series.")
        boolean seasonalLags;

        @Option(names = "--no-smoothing", negatable = false,
                description = "Base forecast = the last value (method ewm-diff-v1) instead of per-series exponential "
                        + "smoothing chosen on the training data.")
        boolean noSmoothing;

        @Option(names = "--persistence-decay", paramLabel = "D", defaultValue = "" + TrainingDefaults.PERSISTENCE_DECAY,
                description = "Decay of each series' estimate of its one-step errors' persistence, in [0, 1) (0: "
                        + "off); over a smoothing other than the last value.")
        double persistenceDecay = TrainingDefaults.PERSISTENCE_DECAY;

        @Option(names = "--median-shift-rate", paramLabel = "R", defaultValue = "" + TrainingDefaults.MEDIAN_SHIFT_RATE,
                description = "Step, in [0, 1) of each series' one-step scale, of the shift each series' forecasts "
                        + "take towards the median of their own errors (0: off); kept where it lowers the MAE on the "
                        + "validation part and on the held-out part, each, over a smoothing other than the last value.")
        double medianShiftRate = TrainingDefaults.MEDIAN_SHIFT_RATE;

        @Option(names = "--error-ar-order", paramLabel = "P", defaultValue = "" + TrainingDefaults.ERROR_AR_ORDER,
                description = "Highest order of the autoregression of the base forecast's errors (0: off); the "
                        + "order is chosen on the training data (by AICc up to 8; above 8 only where BIC picks it), and "
                        + "the terms kept where they beat the base forecast on held-out points, in place of the "
                        + "network's correction where that is left out or where they beat it there too.")
        int errorArOrder = TrainingDefaults.ERROR_AR_ORDER;
    }

    /** How the network is fitted. */
    static final class TrainingOptions {
        @Option(names = "--steps", paramLabel = "N", defaultValue = "" + TrainingDefaults.OPTIMIZER_STEPS,
                description = "Training budget in optimizer steps (minibatches); epochs are as many as it takes, "
                        + "at most --epochs.")
        int steps = TrainingDefaults.OPTIMIZER_STEPS;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainingDefaults.MAX_EPOCHS,
                description = "Maximum epochs.")
        int epochs = TrainingDefaults.MAX_EPOCHS;

        @Option(names = "--patience", paramLabel = "N", defaultValue = "" + TrainingDefaults.PATIENCE,
                description = "Stop after this many epochs without a better validation MAE.")
        int patience = TrainingDefaults.PATIENCE;

        @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "" + TrainingDefaults.LEARNING_RATE,
                description = "Peak Adam learning rate (warm-up, then cosine decay).")
        double learningRate = TrainingDefaults.LEARNING_RATE;

        @Option(names = "--window", paramLabel = "STEPS", defaultValue = "" + TrainingDefaults.WINDOW,
                description = "Steps with a loss per training window (after the warm-up).")
        int window = TrainingDefaults.WINDOW;

        @Option(names = "--stride", paramLabel = "STEPS", defaultValue = "" + TrainingDefaults.STRIDE,
                description = "Distance between the starts of consecutive windows of a series.")
        int stride = TrainingDefaults.STRIDE;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + TrainingDefaults.BATCH_SIZE,
                description = "Windows per minibatch; a multiple of 32 is split into chunks of 32 computed in "
                        + "parallel.")
        int batchSize = TrainingDefaults.BATCH_SIZE;

        @Option(names = "--max-windows-per-epoch", paramLabel = "N",
                defaultValue = "" + TrainingDefaults.MAX_WINDOWS_PER_EPOCH,
                description = "Caps an epoch at a fresh random subset of this many windows (0: all).")
        int maxWindowsPerEpoch = TrainingDefaults.MAX_WINDOWS_PER_EPOCH;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TrainingDefaults.SEED,
                description = "Random seed; the same data, options and seed give the same model bit for bit.")
        long seed = TrainingDefaults.SEED;

        @Option(names = "--threads", paramLabel = "N",
                description = "Training and evaluation threads. Default: one per core.")
        Integer threads;
    }

    /** The held-out evaluation, the champion and where the snapshot goes. */
    static final class PublishingOptions {
        @Option(names = "--split", paramLabel = "FRACTION", defaultValue = "" + TrainingJob.DEFAULT_HOLDOUT_FRACTION,
                description = "Held-out last part of each series for scoring (as evaluate --split).")
        double split = TrainingJob.DEFAULT_HOLDOUT_FRACTION;

        @Option(names = "--season", paramLabel = "STEPS", defaultValue = Converters.AUTO,
                converter = Converters.AutoCount.class,
                description = "Season of the seasonal-naive baseline in steps (0: none); auto: the shortest "
                        + "seasonal period, or for daily and coarser steps the year (12 for monthly data).")
        Integer season;

        @Option(names = "--force", description = "Publish even if not better than the champion.")
        boolean force;

        @Option(names = "--no-publish",
                description = "Do not touch the weights topic (no champion, version 1 unless --champion).")
        boolean noPublish;

        @Option(names = "--champion", paramLabel = "FILE",
                description = "With --no-publish: the snapshot file to compare against; the new version is its + 1.")
        Path champion;

        @Option(names = "--verification-key", paramLabel = "FILE",
                description = "Ed25519 public key (PEM): only snapshots signed with its private key can be champion, "
                        + "as in a stream app verifying with it.")
        Path verificationKey;

        @Option(names = "--signing-key", paramLabel = "FILE",
                description = "Ed25519 private key (PKCS#8 PEM, see keygen) to sign the snapshot with.")
        Path signingKey;

        @Option(names = "--key-id", paramLabel = "ID",
                description = "Key id recorded with the signature. Default: the public key's fingerprint.")
        String keyId;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Also write the snapshot (published or not) to this Avro file, for evaluate --snapshot.")
        Path out;

        @Option(names = "--report", paramLabel = "DIR",
                description = "Write report.json and report.html (training curve, scores, forecasts) here.")
        Path report;
    }

    @Override
    int execute() throws Exception {
        NowcastConfig cfg = config.load(environment());
        KafkaClients clients = KafkaClients.from(cfg);
        PublishingOptions p = publishing;
        if (p.keyId != null && p.signingKey == null) {
            throw new UsageException("--key-id needs --signing-key");
        }
        if (p.champion != null && !p.noPublish) {
            throw new UsageException("--champion is for runs with --no-publish; otherwise the champion is the "
                    + "latest snapshot on the weights topic");
        }
        requireReadable(p.champion, "--champion");
        requireReadable(p.signingKey, "--signing-key");
        requireReadable(p.verificationKey, "--verification-key");
        HistorySource source = source(cfg, clients);
        TrainingJob.Builder job;
        try {
            job = TrainingJob.builder(model, source);
            job.limits(new HistoryLimits(history.maxSeries, history.maxPoints, history.from))
                    .training(trainingConfig())
                    .stepMillis(network.step == null ? null : network.step.toMillis())
                    .maxGapMillis(network.maxGap == null ? null : network.maxGap.toMillis())
                    .seasonalPeriodsMillis(network.seasonalPeriods.millis())
                    .holdoutFraction(p.split)
                    .seasonSteps(p.season)
                    .force(p.force);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (!p.noPublish) {
            job.publishTo(new WeightsTopic(clients, cfg.get(CommonSettings.TOPIC_MODEL_WEIGHTS)));
        }
        job.championFile(p.champion).snapshotFile(p.out);
        if (p.signingKey != null) {
            job.signWith(SigningKey.load(p.signingKey, p.keyId));
        }
        if (p.verificationKey != null) {
            PublicKey key = PemKeys.readPublicKey(p.verificationKey);
            job.verificationKey(key);
        }

        AtomicBoolean stop = new AtomicBoolean();
        TrainingOutcome outcome;
        try (CtrlC ctrlC = CtrlC.install(() -> {
            stop.set(true);
            err().println();
            err().println("stopping: training ends after the current batch and the best model so far is evaluated "
                    + "(Ctrl-C again to abort)");
            err().flush();
        }, () -> {
            err().println("aborted");
            err().flush();
            System.exit(INTERRUPTED);
        })) {
            String championSource = p.noPublish ? (p.champion == null ? null : "file " + p.champion)
                    : "topic " + cfg.get(CommonSettings.TOPIC_MODEL_WEIGHTS);
            outcome = job.build().run(new ConsoleProgress(out(), err(), championSource), stop::get);
        }
        if (p.out != null) {
            out().println("snapshot written to " + p.out);
        }
        if (p.report != null) {
            ReportFiles.write(outcome, p.report);
            out().println("report written to " + p.report.resolve(ReportFiles.HTML) + " and "
                    + ReportFiles.JSON);
        }
        out().printf(Locale.ROOT, "%s v%d %s in %s%n", outcome.model(), outcome.snapshot().version(),
                outcome.published() ? "published" : outcome.decision().publish() ? "not published (--no-publish)"
                        : "not published", DurationText.clock(outcome.timings().totalMillis()));
        out().flush();
        return OK;
    }

    private HistorySource source(NowcastConfig cfg, KafkaClients clients) {
        HistoryOptions h = history;
        if (h.csv != null && h.topics != null) {
            throw new UsageException("give --csv or --topic, not both");
        }
        if (h.csv != null) {
            requireReadable(h.csv, "--csv");
            return new CsvHistorySource(h.csv);
        }
        if (h.topics != null) {
            return new TopicHistorySource(clients, h.topics);
        }
        return cfg.get(CommonSettings.MODELS).stream().filter(b -> b.model().equals(model)).findFirst()
                .map(ModelBinding::topics).map(topics -> (HistorySource) new TopicHistorySource(clients, topics))
                .orElseThrow(() -> new UsageException("model " + model + " has no topics in "
                        + CommonSettings.MODELS.key() + " (" + cfg.get(CommonSettings.MODELS).stream()
                        .map(ModelBinding::model).toList() + "); give --csv or --topic"));
    }

    private TrainingConfig trainingConfig() {
        ModelOptions m = network;
        TrainingOptions t = training;
        TrainingConfig.Builder b = TrainingConfig.builder()
                .cellType(m.cell).layers(m.layers).hiddenSize(m.hiddenSize).head(m.head).horizon(m.horizon)
                .warmupSteps(m.warmup).seasonalLags(m.seasonalLags).smoothing(!m.noSmoothing)
                .persistenceDecay(m.persistenceDecay).medianShiftRate(m.medianShiftRate).errorArOrder(m.errorArOrder)
                .optimizerSteps(t.steps).maxEpochs(t.epochs).patience(t.patience).learningRate(t.learningRate)
                .minLearningRate(Math.min(t.learningRate, TrainingDefaults.MIN_LEARNING_RATE))
                .window(t.window).stride(t.stride).batchSize(t.batchSize).chunkSize(chunkSize(t.batchSize))
                .maxWindowsPerEpoch(t.maxWindowsPerEpoch).seed(t.seed);
        if (t.threads != null) {
            b.threads(t.threads);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Gradient chunks of 32 rows (the model's default), or the whole batch when it is smaller or not a multiple. */
    private static int chunkSize(int batchSize) {
        int standard = TrainingDefaults.CHUNK_SIZE;
        return batchSize % standard == 0 ? standard : Math.max(1, batchSize);
    }

    private static void requireReadable(Path file, String option) {
        if (file != null && !Files.isReadable(file)) {
            throw new UsageException(option + " " + file + ": no such readable file");
        }
    }
}
