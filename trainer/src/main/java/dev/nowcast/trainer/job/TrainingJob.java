package dev.nowcast.trainer.job;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingDefaults;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.trainer.history.History;
import dev.nowcast.trainer.history.HistoryLimits;
import dev.nowcast.trainer.history.HistorySource;
import dev.nowcast.trainer.history.Rejection;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.trainer.publish.WeightsTopic;
import dev.nowcast.trainer.signing.SigningKey;

/**
 * One training run, from history to a published snapshot:
 * <ol>
 *   <li>read a bounded sample of the history ({@link HistorySource}, {@link HistoryLimits});</li>
 *   <li>resolve the time grid from the data where not given ({@link TimeGrid});</li>
 *   <li>read what is published for the model: the next version and the champion ({@link WeightsTopic}, or a
 *       champion file offline) - before training, so that an unreachable cluster fails the run at once;</li>
 *   <li>split each series by time: the last {@code holdoutFraction} is held out; train on the rest with
 *       {@link ForecastTrainer} (which early-stops on the end of that rest);</li>
 *   <li>score the challenger and the champion on the held-out part with {@link OfflineEvaluator}, the stream
 *       app's own per-event path, and decide ({@link Decision});</li>
 *   <li>build the snapshot (version, data range, fingerprint, scores and decision in its training summary),
 *       sign it, check that it loads, publish it if the decision says so, and write it to a file if asked.</li>
 * </ol>
 * Build with {@link #builder}; {@link #run} may be called from any thread and is cancellable.
 */
public final class TrainingJob {
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Held-out points kept per plotted series for the HTML report: two weeks of hourly data. */
    public static final int PLOT_POINTS = 336;

    private final String model;
    private final HistorySource source;
    private final HistoryLimits limits;
    private final TrainingConfig training;
    private final Long stepMillis;
    private final Long maxGapMillis;
    private final long[] seasonalPeriodsMillis;
    private final double holdoutFraction;
    private final Integer seasonSteps;
    private final WeightsTopic weightsTopic;
    private final Path championFile;
    private final PublicKey verificationKey;
    private final SigningKey signingKey;
    private final Path snapshotFile;
    private final boolean force;
    private final int reportSeries;
    private final Clock clock;

    private TrainingJob(Builder b) {
        this.model = b.model;
        this.source = b.source;
        this.limits = b.limits;
        this.training = b.training;
        this.stepMillis = b.stepMillis;
        this.maxGapMillis = b.maxGapMillis;
        this.seasonalPeriodsMillis = b.seasonalPeriodsMillis;
        this.holdoutFraction = b.holdoutFraction;
        this.seasonSteps = b.seasonSteps;
        this.weightsTopic = b.weightsTopic;
        this.championFile = b.championFile;
        this.verificationKey = b.verificationKey;
        this.signingKey = b.signingKey;
        this.snapshotFile = b.snapshotFile;
        this.force = b.force;
        this.reportSeries = b.reportSeries;
        this.clock = b.clock;
    }

    /** The last fifth of each series is held out for evaluation and champion/challenger, as in evaluate. */
    public static final double DEFAULT_HOLDOUT_FRACTION = 0.2;
    /** Series plotted in the HTML report. */
    public static final int DEFAULT_REPORT_SERIES = 4;

    /** A job training model {@code model} on {@code source}, with the {@link TrainingDefaults}. */
    public static Builder builder(String model, HistorySource source) {
        return new Builder(model, source);
    }

    /** Runs without progress reports or cancellation. */
    public TrainingOutcome run() throws IOException {
        return run(TrainingJobListener.NONE, () -> false);
    }

    /**
     * Runs the job.
     *
     * @param cancelled polled while reading and training. While reading, cancelling stops the job with a
     *                  {@link CancellationException}; while training, it stops training and the job carries on
     *                  with the best weights so far (evaluation, decision, publication), unless no epoch had
     *                  finished yet ({@link CancellationException}).
     * @throws IOException              if the history, the weights topic or a file cannot be read or written
     * @throws IllegalArgumentException if the data cannot train this configuration (e.g. too short)
     */
    public TrainingOutcome run(TrainingJobListener listener, BooleanSupplier cancelled) throws IOException {
        Stopwatch stopwatch = new Stopwatch();
        Warnings warnings = new Warnings(listener, new ArrayList<>());
        History history = read(listener, cancelled, warnings);
        Split split = split(history.series(), warnings);
        List<Series> series = split.series();
        List<Series> trainingParts = split.trainingParts();
        Grid grid = grid(series, trainingParts);
        listener.onHistory(history, grid.config());
        stopwatch.mark("read");

        PublishedModel published = published(warnings);
        listener.onPublished(published);
        TrainingResult trained = train(new ForecastTrainer(grid.config()), trainingParts, listener, cancelled);
        stopwatch.mark("train");

        TrainingResult result = checkCorrection(trained, series, trainingParts, warnings);
        Challenger challenger = score(result, series, published, grid);
        stopwatch.mark("evaluate");
        TrainingResult again = challenger.lastValue().lost()
                ? trainedOnLastValue(challenger.lastValue(), grid.config(), trainingParts, listener, cancelled, warnings)
                : null;
        if (again != null) {
            stopwatch.mark("train");
            result = checkCorrection(again, series, trainingParts, warnings);
            challenger = score(result, series, published, grid);
        }
        listener.onTrained(result);
        // The trainer fits windows to short data: what it chose is what the snapshot and the report describe.
        Grid fitted = new Grid(result.config(), grid.season());
        Evaluation evaluation = withChampion(challenger, series, published, fitted);
        Decision decision = decide(evaluation, published.champion());
        listener.onEvaluated(evaluation.challenger(), evaluation.champion(), fitted.season());
        listener.onDecision(decision);
        stopwatch.mark("evaluate");

        TrainingOutcome.Training training = TrainingOutcome.Training.of(result);
        ModelSnapshot snapshot = pack(history, fitted, training, evaluation, decision, stopwatch.phases());
        WeightsTopic.Publication publication = publish(snapshot, decision, published, listener);
        stopwatch.mark("publish");

        return new TrainingOutcome(TrainingOutcome.Data.of(source.description(), history),
                new TrainingOutcome.Setup(fitted.config(), holdoutFraction, fitted.season()), training,
                new TrainingOutcome.Scores(evaluation.challenger(), evaluation.champion(), decision,
                        evaluation.forecasts()),
                new TrainingOutcome.Delivery(snapshot, published.skipped(), publication, snapshotFile),
                stopwatch.timings(), warnings.list());
    }

    /** Phase 1, read: a bounded sample of the history, with a warning for what was skipped. */
    private History read(TrainingJobListener listener, BooleanSupplier cancelled, Warnings warnings)
            throws IOException {
        History history = source.read(limits, listener::onReadProgress, cancelled);
        if (history.series().isEmpty()) {
            throw new IOException("no usable history in " + source.description() + ": " + history.stats().records()
                    + " records read, " + history.stats().rejectedTotal() + " rejected " + history.stats().rejected());
        }
        Map<Rejection, Long> rejected = history.stats().rejected();
        if (!rejected.isEmpty()) {
            warnings.add(history.stats().rejectedTotal() + " history record(s) skipped: " + rejected);
        }
        return history;
    }

    /**
     * Phase 2, grid: the time settings from the data where not given (the maximum gap from the training parts, as
     * the trainer's calendar), and the baseline's season.
     */
    private Grid grid(List<Series> series, List<Series> trainingParts) {
        TimeGrid grid = TimeGrid.resolve(series, trainingParts, stepMillis, maxGapMillis, seasonalPeriodsMillis);
        TrainingConfig config = training.toBuilder()
                .stepIntervalMillis(grid.stepMillis())
                .maxGapMillis(grid.maxGapMillis())
                .seasonalPeriodsMillis(grid.seasonalPeriodsMillis())
                .seasonCandidates(grid.seasonCandidates())
                .build();
        return new Grid(config, seasonSteps != null ? seasonSteps : grid.shortestSeasonSteps());
    }

    /**
     * Phase 3, split: each series' training part, before its held-out last {@code holdoutFraction}. A series too short
     * for a training part of 2 points is left out of training and evaluation alike, with a warning: the checks pair
     * each series with its training part by position.
     */
    private Split split(List<Series> series, Warnings warnings) {
        OfflineEvaluator split = new OfflineEvaluator(null).withTestFraction(holdoutFraction);
        List<Series> kept = new ArrayList<>(series.size());
        List<Series> trainingParts = new ArrayList<>(series.size());
        String leftOut = null;
        for (Series s : series) {
            int end = split.splitIndex(s.size());
            if (end >= 2) {
                kept.add(s);
                trainingParts.add(s.head(end));
            } else if (leftOut == null) {
                leftOut = s.key();
            }
        }
        if (trainingParts.isEmpty()) {
            throw new IllegalArgumentException("every series is too short to split off a training part");
        }
        if (leftOut != null) {
            warnings.add((series.size() - kept.size()) + " series left out: too short to split off a training part of "
                    + "2 points before the held-out " + holdoutFraction + " (for example '" + leftOut + "')");
        }
        return new Split(kept, trainingParts);
    }

    /** The series long enough to train on, and their training parts, in the same order. */
    private record Split(List<Series> series, List<Series> trainingParts) {
    }

    /** Phase 4, train: on the training parts. */
    private TrainingResult train(ForecastTrainer trainer, List<Series> trainingParts, TrainingJobListener listener,
                                 BooleanSupplier cancelled) {
        TrainingResult result = trainer.train(trainingParts, listener::onEpoch, cancelled);
        if (result.cancelled() && result.bestEpoch() == 0) {
            throw new CancellationException("training was stopped before its first epoch ended: no model to keep");
        }
        return result;
    }

    /**
     * The model trained again with the last value as its base forecast ({@link LastValueCheck}), or null where
     * training was stopped by hand, before or during this second training's first epoch: the user keeps the model
     * trained first, with a warning.
     */
    private TrainingResult trainedOnLastValue(LastValueCheck.Evidence lost, TrainingConfig config,
                                              List<Series> trainingParts, TrainingJobListener listener,
                                              BooleanSupplier cancelled, Warnings warnings) {
        TrainingResult again = null;
        if (!cancelled.getAsBoolean()) {
            try {
                again = train(new ForecastTrainer(config).onLastValue(), trainingParts, listener, cancelled);
            } catch (CancellationException stoppedBeforeAnEpoch) {
                again = null;
            }
        }
        warnings.add(lost.describe(again != null));
        return again;
    }

    /**
     * Before evaluating, and timed with it since it scores the held-out part: a correction that fails there is
     * dropped, and an error autoregression left to this check is taken if it wins there (left for want of
     * validation points, if it wins on the validation and held-out parts together); then the value autoregression's
     * share of the forecasts is chosen on those two parts ({@link ValueAutoregressionCheck}), and each series' median
     * shift is kept or left out on them ({@link MedianShiftCheck}).
     */
    private TrainingResult checkCorrection(TrainingResult result, List<Series> series, List<Series> trainingParts,
                                           Warnings warnings) {
        CorrectionCheck.Checked corrected = CorrectionCheck.check(result, series, trainingParts, holdoutFraction,
                result.config().threads());
        TrainingResult mixed = ValueAutoregressionCheck.check(corrected.result(), series, trainingParts,
                result.config().threads());
        TrainingResult checked = MedianShiftCheck.check(mixed, series, trainingParts, result.config().threads());
        String warning = CorrectionCheck.warning(result, corrected, checked);
        if (warning != null) {
            warnings.add(warning);
        }
        return checked;
    }

    /**
     * Phase 5, evaluate: the challenger on the held-out parts, the stream app's per-event path, with the plots'
     * forecasts and, over a base other than the last value, the last value's check on the same points.
     */
    private Challenger score(TrainingResult result, List<Series> series, PublishedModel published, Grid grid) {
        Forecaster forecaster = result.forecaster(published.nextVersion());
        ForecastCollector plots = new ForecastCollector(series, reportSeries);
        LastValueCheck.Collector lastValue = new LastValueCheck.Collector(series);
        boolean checked = !result.pipeline().smoothing().naive();
        EvaluationReport scores = evaluator(forecaster, grid.season(), grid.config().threads())
                .withListener((s, p, t, actual, mean, sd) -> {
                    plots.onForecast(s, p, t, actual, mean, sd);
                    if (checked) {
                        lastValue.onForecast(s, p, t, actual, mean, sd);
                    }
                }).evaluate(series);
        if (scores.scored() == 0) {
            throw new IllegalArgumentException("nothing to score: the held-out " + holdoutFraction
                    + " of each series has no forecast; the series are too short for this split and warm-up");
        }
        return new Challenger(forecaster, scores, plots.forecasts(), lastValue.evidence());
    }

    /** Phase 5, evaluate: the champion on the same held-out parts (none, or unscorable, saying why). */
    private Evaluation withChampion(Challenger c, List<Series> series, PublishedModel published, Grid grid) {
        if (published.champion() == null) {
            return new Evaluation(c.forecaster(), c.scores(), null, null, c.forecasts());
        }
        Forecaster champion = published.championForecaster();
        int covariates = series.get(0).covariateCount();
        if (champion.pipeline().covariates() != covariates) {
            return new Evaluation(c.forecaster(), c.scores(), null, "it expects "
                    + champion.pipeline().covariates() + " covariates, the data has " + covariates, c.forecasts());
        }
        EvaluationReport championScores = evaluator(champion, grid.season(), grid.config().threads()).evaluate(series);
        return new Evaluation(c.forecaster(), c.scores(), championScores, null, c.forecasts());
    }

    /** Phase 6, decide: whether the challenger replaces the champion. */
    private Decision decide(Evaluation e, ModelSnapshot champion) {
        if (champion == null) {
            return Decision.noChampion(e.challenger().mae());
        }
        if (e.unscorable() != null) {
            return Decision.unscorableChampion(champion.version(), e.unscorable(), e.challenger().mae());
        }
        return Decision.compare(champion.version(), e.champion().mae(), e.challenger().mae(), force);
    }

    /** Phase 7, package: the snapshot with its training summary, signed, and checked to load. */
    private ModelSnapshot pack(History history, Grid grid, TrainingOutcome.Training training, Evaluation e,
                               Decision decision, Map<String, Long> timings) {
        ModelSnapshot.TrainingSummary summary = new ModelSnapshot.TrainingSummary(metrics(e.challenger()),
                baselines(e.challenger()), history.range().from(), history.range().to(), history.series().size(),
                history.observations(), history.fingerprint(), decision.championVersion(), decision.championScore(),
                decision.challengerScore(), decision.summary(), TrainingDetails.snapshotDetails(
                        source.description(), grid.config(), holdoutFraction, grid.season(), history.stats(), training,
                        timings));
        ModelSnapshot snapshot = SnapshotCodec.encode(model, clock.millis(), e.challengerForecaster(), summary);
        if (signingKey != null) {
            snapshot = signingKey.sign(snapshot);
        }
        requireLoads(snapshot);
        return snapshot;
    }

    /** Phase 8, publish: to the weights topic if the decision says so, and to a file if asked. */
    private WeightsTopic.Publication publish(ModelSnapshot snapshot, Decision decision, PublishedModel published,
                                             TrainingJobListener listener) throws IOException {
        WeightsTopic.Publication publication = null;
        if (decision.publish() && weightsTopic != null) {
            publication = weightsTopic.publish(snapshot, published);
            listener.onPublication(publication);
        }
        if (snapshotFile != null) {
            SnapshotFiles.write(snapshot, snapshotFile);
        }
        return publication;
    }

    /** The resolved training configuration and the seasonal-naive baseline's season, in steps (0: none). */
    private record Grid(TrainingConfig config, int season) {
    }

    /** The challenger's held-out scores, its plotted forecasts and what they say against the last value. */
    private record Challenger(Forecaster forecaster, EvaluationReport scores, List<SeriesForecast> forecasts,
                              LastValueCheck.Evidence lastValue) {
    }

    /**
     * The held-out scores: the challenger's, and the champion's (null when there is none, or when it cannot be
     * scored, {@code unscorable} saying why).
     */
    private record Evaluation(Forecaster challengerForecaster, EvaluationReport challenger, EvaluationReport champion,
                              String unscorable, List<SeriesForecast> forecasts) {
    }

    /**
     * Wall time of the phases, marked as each ends; a phase marked again (training and evaluating again after the
     * last value's check) adds its time to what it had.
     */
    private static final class Stopwatch {
        private final long started = System.nanoTime();
        private long last = started;
        private final Map<String, Long> nanos = new LinkedHashMap<>();

        void mark(String phase) {
            long now = System.nanoTime();
            nanos.merge(phase, now - last, Long::sum);
            last = now;
        }

        /** Milliseconds of each phase marked so far, as {@code readMillis}, ... (the snapshot's details). */
        Map<String, Long> phases() {
            Map<String, Long> out = new LinkedHashMap<>();
            nanos.forEach((phase, ns) -> out.put(phase + "Millis", ns / 1_000_000));
            return out;
        }

        TrainingOutcome.Timings timings() {
            Map<String, Long> p = phases();
            return new TrainingOutcome.Timings(p.get("readMillis"), p.get("trainMillis"), p.get("evaluateMillis"),
                    p.get("publishMillis"), (last - started) / 1_000_000);
        }
    }

    private OfflineEvaluator evaluator(Forecaster forecaster, int season, int threads) {
        return new OfflineEvaluator(forecaster).withTestFraction(holdoutFraction).withSeasonSteps(season)
                .withThreads(threads);
    }

    /** The published state of the model: from the weights topic, a champion file, or nothing. */
    private PublishedModel published(Warnings warnings) throws IOException {
        if (weightsTopic != null) {
            PublishedModel published = weightsTopic.read(model, verificationKey);
            for (PublishedModel.Skipped s : published.skipped()) {
                warnings.add("published snapshot " + model + " v" + s.version() + " (offset " + s.offset()
                        + ") does not load and cannot be the champion: " + s.reason());
            }
            if (published.undecodable() > 0) {
                warnings.add(published.undecodable() + " record(s) keyed " + model + " on " + weightsTopic.topic()
                        + " are not readable snapshots; their versions are unknown");
            }
            if (published.topicExists()) {
                try {
                    Optional<String> policy = weightsTopic.nonCompactedPolicy();
                    policy.ifPresent(p -> warnings.add(weightsTopic.topic() + " has cleanup.policy=" + p
                            + ", not compact: old snapshots, and with them the version history, will expire"));
                } catch (IOException e) {
                    // A check, not a requirement: a principal may publish without the right to describe configs.
                    warnings.add("cannot check the cleanup policy of " + weightsTopic.topic() + ": " + e.getMessage());
                }
            }
            return published;
        }
        if (championFile != null) {
            ModelSnapshot snapshot = SnapshotFiles.read(championFile);
            if (!model.equals(snapshot.model())) {
                warnings.add("champion file " + championFile + " holds model " + snapshot.model() + ", not "
                        + model);
            }
            try {
                Forecaster forecaster = verificationKey == null ? SnapshotCodec.decode(snapshot)
                        : SnapshotCodec.decode(snapshot, verificationKey);
                return new PublishedModel(model, false, snapshot.version(), snapshot, forecaster, List.of(), 0,
                        Map.of());
            } catch (SnapshotException e) {
                throw new IOException("champion file " + championFile + " does not load: " + e.getMessage(), e);
            }
        }
        return new PublishedModel(model, false, 0, null, null, List.of(), 0, Map.of());
    }

    /** The trainer must never publish what the stream app would refuse. */
    private void requireLoads(ModelSnapshot snapshot) {
        try {
            if (signingKey != null) {
                SnapshotCodec.decode(snapshot, signingKey.publicKey());
            } else {
                SnapshotCodec.decode(snapshot);
            }
        } catch (SnapshotException e) {
            throw new IllegalStateException("the new snapshot does not load: " + e.getMessage(), e);
        }
    }

    private static Map<String, Double> metrics(EvaluationReport r) {
        Map<String, Double> m = new TreeMap<>();
        putFinite(m, "mae", r.mae());
        putFinite(m, "rmse", r.rmse());
        putFinite(m, "mase", r.mase());
        putFinite(m, "coverage", r.coverage());
        for (int h = 1; h <= r.maeByHorizon().length; h++) {
            putFinite(m, "horizon." + h + ".mae", r.maeByHorizon()[h - 1]);
            putFinite(m, "horizon." + h + ".coverage", r.coverageByHorizon()[h - 1]);
        }
        return m;
    }

    private static Map<String, Double> baselines(EvaluationReport r) {
        Map<String, Double> m = new TreeMap<>();
        putFinite(m, "naive.mae", r.naiveMae());
        putFinite(m, "seasonalNaive.mae", r.seasonalNaiveMae());
        return m;
    }

    /** Avro maps take any double, but NaN carries no information and breaks JSON readers downstream. */
    private static void putFinite(Map<String, Double> m, String name, double v) {
        if (Double.isFinite(v)) {
            m.put(name, v);
        }
    }

    /** Keeps the last {@value #PLOT_POINTS} scored forecasts of the first few series, for the report. */
    private static final class ForecastCollector implements OfflineEvaluator.ForecastListener {
        private final List<Series> series;
        private final int count;
        private final List<List<double[]>> bySeries = new ArrayList<>();

        ForecastCollector(List<Series> series, int count) {
            this.series = series;
            this.count = Math.min(count, series.size());
            for (int i = 0; i < this.count; i++) {
                bySeries.add(new ArrayList<>());
            }
        }

        @Override
        public void onForecast(int s, int point, long timestamp, double actual, double mean, double stddev) {
            if (s < count) {
                bySeries.get(s).add(new double[] {timestamp, actual, mean, stddev});
            }
        }

        List<SeriesForecast> forecasts() {
            List<SeriesForecast> out = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                List<double[]> all = bySeries.get(s);
                List<double[]> last = all.subList(Math.max(0, all.size() - PLOT_POINTS), all.size());
                int n = last.size();
                long[] ts = new long[n];
                double[] actual = new double[n];
                double[] mean = new double[n];
                double[] sd = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] row = last.get(i);
                    ts[i] = (long) row[0];
                    actual[i] = row[1];
                    mean[i] = row[2];
                    sd[i] = row[3];
                }
                out.add(new SeriesForecast(series.get(s).key(), ts, actual, mean, sd));
            }
            return out;
        }
    }

    /** Keeps the warnings for the outcome and passes them on to the listener. */
    private record Warnings(TrainingJobListener listener, List<String> list) {
        void add(String message) {
            list.add(message);
            listener.onWarning(message);
        }
    }

    /** Configures a {@link TrainingJob}; every setting but the model and source has a default. */
    public static final class Builder {
        private final String model;
        private final HistorySource source;
        private HistoryLimits limits = HistoryLimits.defaults();
        private TrainingConfig training = TrainingConfig.builder().build();
        private Long stepMillis;
        private Long maxGapMillis;
        private long[] seasonalPeriodsMillis;
        private double holdoutFraction = DEFAULT_HOLDOUT_FRACTION;
        private Integer seasonSteps;
        private WeightsTopic weightsTopic;
        private Path championFile;
        private PublicKey verificationKey;
        private SigningKey signingKey;
        private Path snapshotFile;
        private boolean force;
        private int reportSeries = DEFAULT_REPORT_SERIES;
        private Clock clock = Clock.systemUTC();

        private Builder(String model, HistorySource source) {
            if (model == null || !MODEL_NAME.matcher(model).matches()) {
                throw new IllegalArgumentException("model name '" + model
                        + "' may only contain letters, digits, '.', '_' and '-'");
            }
            this.model = model;
            this.source = Objects.requireNonNull(source, "source");
        }

        /** How much history to keep (default {@link HistoryLimits#defaults()}). */
        public Builder limits(HistoryLimits v) {
            limits = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The training settings (default {@link TrainingConfig#builder()}, the {@link TrainingDefaults}); its step
         * interval, maximum gap and seasonal periods are replaced by the time grid ({@link #stepMillis} and friends,
         * or inferred).
         */
        public Builder training(TrainingConfig v) {
            training = Objects.requireNonNull(v);
            return this;
        }

        /** The nominal step; null (default) infers it from the data. */
        public Builder stepMillis(Long v) {
            stepMillis = v;
            return this;
        }

        /** The gap that restarts a series; null (default) for {@link TimeGrid#autoMaxGap}. */
        public Builder maxGapMillis(Long v) {
            maxGapMillis = v;
            return this;
        }

        /** Seasonal periods; null (default) chooses calendar periods from the data, empty for none. */
        public Builder seasonalPeriodsMillis(long[] v) {
            seasonalPeriodsMillis = v == null ? null : v.clone();
            return this;
        }

        /** The held-out share of each series, in (0, 1) (default 0.2). */
        public Builder holdoutFraction(double v) {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("holdout fraction must be in (0, 1), got " + v);
            }
            holdoutFraction = v;
            return this;
        }

        /** The seasonal-naive baseline's season in steps; null (default) for the shortest seasonal period. */
        public Builder seasonSteps(Integer v) {
            if (v != null && v < 0) {
                throw new IllegalArgumentException("season must be >= 0 steps, got " + v);
            }
            seasonSteps = v;
            return this;
        }

        /** Reads the champion and versions from, and publishes to, this topic (default: none). */
        public Builder publishTo(WeightsTopic v) {
            weightsTopic = v;
            return this;
        }

        /** Without a weights topic: the champion to beat, from a snapshot file; its version + 1 is the new one. */
        public Builder championFile(Path v) {
            championFile = v;
            return this;
        }

        /** Only snapshots signed with the matching private key can be champion. */
        public Builder verificationKey(PublicKey v) {
            verificationKey = v;
            return this;
        }

        /** Signs the snapshot with this key (default: unsigned). */
        public Builder signWith(SigningKey v) {
            signingKey = v;
            return this;
        }

        /** Also writes the snapshot to this file, whatever the decision (default: none). */
        public Builder snapshotFile(Path v) {
            snapshotFile = v;
            return this;
        }

        /** Publishes even when the challenger is not better than the champion. */
        public Builder force(boolean v) {
            force = v;
            return this;
        }

        /** Series whose held-out forecasts the outcome keeps for plots (default 4). */
        public Builder reportSeries(int v) {
            reportSeries = Math.max(0, v);
            return this;
        }

        /** The clock stamping the snapshot's createdAt (default UTC system clock). */
        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The job.
         *
         * @throws IllegalArgumentException if both a weights topic and a champion file were given
         */
        public TrainingJob build() {
            if (weightsTopic != null && championFile != null) {
                throw new IllegalArgumentException("a champion file is for runs that do not publish to a topic");
            }
            return new TrainingJob(this);
        }
    }

    @Override
    public String toString() {
        return "TrainingJob[" + model + " from " + source.description() + ", " + limits
                + (seasonalPeriodsMillis == null ? "" : ", periods " + Arrays.toString(seasonalPeriodsMillis)) + "]";
    }
}
