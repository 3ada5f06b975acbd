package dev.nowcast.trainer.suite;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.CsvHistorySource;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.job.TrainingJobListener;
import dev.nowcast.trainer.job.TrainingOutcome;

/**
 * Runs the accuracy suite's protocol on one dataset, the way a user would: the first {@value #TRAIN_FRACTION}
 * of every key is written to a CSV and trained on by the same {@link TrainingJob} as {@code nowcast train --csv F
 * --no-publish} (which makes its own validation split inside it), then the snapshot is scored on the whole file
 * by the same {@link OfflineEvaluator} as {@code nowcast evaluate}: every key streamed from its first point, the
 * last fifth scored one step (and H steps) ahead, state carried through and parameters frozen. The scored points
 * are never seen by training, early stopping or calibration.
 */
public final class SuiteRunner {
    /** Share of each key's points given to training (index < floor(0.8 n), as the baselines were fitted). */
    public static final double TRAIN_FRACTION = 0.8;

    /** Header of a dataset's forecasts file: one row per scored one-step forecast. */
    static final String FORECASTS_HEADER = "key,point,timestamp,actual,forecast,p10,p90";

    private final TrainingConfig training;
    private final Path workDir;
    private final Path forecastsDir;

    /**
     * @param training the training settings (the trainer's defaults for a fair run)
     * @param workDir  where the training CSVs are written (and deleted after use)
     */
    public SuiteRunner(TrainingConfig training, Path workDir) {
        this(training, workDir, null);
    }

    private SuiteRunner(TrainingConfig training, Path workDir, Path forecastsDir) {
        this.training = training;
        this.workDir = workDir;
        this.forecastsDir = forecastsDir;
    }

    /**
     * The same runner, also writing each dataset's scored one-step forecasts to {@code dir/NAME.csv}
     * ({@value #FORECASTS_HEADER}; point is the 0-based index in its key), for a comparison or a combination with
     * forecasts of one's own on exactly the scored points.
     */
    public SuiteRunner withForecasts(Path dir) {
        return new SuiteRunner(training, workDir, dir);
    }

    /** The datasets of a folder and their baselines, by name. */
    public static Map<String, Baselines> baselines(Path folder) throws IOException {
        return Baselines.read(folder);
    }

    public SuiteResult run(SuiteDataset set, Baselines baselines, TrainingJobListener listener,
                           BooleanSupplier cancelled) throws IOException, SnapshotException {
        List<Series> all = LongCsvReader.readSeries(set.csv()).stream().sorted(Comparator.comparing(Series::key))
                .toList();
        Path trainingCsv = workDir.resolve(set.name() + ".train.csv");
        try {
            writeTrainingPart(all, trainingCsv);
            long started = System.nanoTime();
            int season = set.season() > 1 ? set.season() : 0;
            TrainingOutcome outcome = train(set, trainingCsv, season, listener, cancelled);
            long trainMillis = (System.nanoTime() - started) / 1_000_000;
            Forecaster model = SnapshotCodec.decode(outcome.snapshot());
            return score(set, baselines, all, model, season, trainMillis, describe(outcome, model));
        } finally {
            Files.deleteIfExists(trainingCsv);
        }
    }

    /** Trains on the training part; a failure names the dataset's file, not the temporary training part. */
    private TrainingOutcome train(SuiteDataset set, Path trainingCsv, int season, TrainingJobListener listener,
                                  BooleanSupplier cancelled) throws IOException, SnapshotException {
        try {
            return TrainingJob.builder(set.name(), new CsvHistorySource(trainingCsv)).training(training)
                    .seasonSteps(season).reportSeries(0).build().run(listener, cancelled);
        } catch (IOException e) {
            throw new IOException(named(e, set, trainingCsv), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(named(e, set, trainingCsv), e);
        }
    }

    private static String named(Exception e, SuiteDataset set, Path trainingCsv) {
        return String.valueOf(e.getMessage()).replace(trainingCsv.toString(),
                set.csv() + " (the first " + Math.round(100 * TRAIN_FRACTION) + "% of each key)");
    }

    private SuiteResult score(SuiteDataset set, Baselines baselines, List<Series> all, Forecaster model, int season,
                              long trainMillis, String description) throws IOException {
        long[] inside = new long[all.size()];
        long[] scored = new long[all.size()];
        double[] intervalScore = new double[all.size()];
        EvaluationReport r;
        try (ForecastsFile forecasts = ForecastsFile.open(forecastsDir, set.name())) {
            r = new OfflineEvaluator(model).withTestFraction(1 - TRAIN_FRACTION).withFloorSplit()
                    .withSeasonSteps(season).withThreads(training.threads())
                    .withListener((s, p, t, actual, mean, sd) -> {
                        scored[s]++;
                        inside[s] += Math.abs(actual - mean) <= NormalDistribution.Z90 * sd ? 1 : 0;
                        intervalScore[s] += SuiteResult.intervalScore(actual, mean, sd);
                        forecasts.write(all.get(s).key(), p, t, actual, mean, sd);
                    }).evaluate(all);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        int keys = 0;
        int inBand = 0;
        for (int s = 0; s < all.size(); s++) {
            if (scored[s] > 0) {
                keys++;
                double c = (double) inside[s] / scored[s];
                inBand += c >= SuiteResult.ANY_LOW && c <= SuiteResult.ANY_HIGH ? 1 : 0;
            }
        }
        return new SuiteResult(set.name(), set.kind(), set.season(), all.size(), r.scored(), r.mae(), r.naiveMae(),
                r.seasonalNaiveMae(), baselines.orSimpleRules(r.naiveMae(), r.seasonalNaiveMae()), r.coverage(),
                r.coverageByHorizon(),
                keys == 0 ? Double.NaN : (double) inBand / keys,
                Arrays.stream(intervalScore).sum() / Arrays.stream(scored).sum() / r.naiveMae(), trainMillis, description);
    }

    private static String describe(TrainingOutcome outcome, Forecaster model) {
        TrainingConfig c = outcome.config();
        return model.pipeline().smoothing() + "; network x" + String.format(java.util.Locale.ROOT, "%.2f",
                model.pipeline().meanScale()) + " after " + outcome.training().bestEpoch() + "/"
                + outcome.training().epochs() + " epochs; window " + c.warmupSteps() + "+" + c.window()
                + (model.pipeline().persistenceDecay() > 0 ? "; error persistence" : "")
                + (model.pipeline().medianShiftRate() > 0 ? "; median shift" : "")
                + (model.pipeline().errorAutoregression().order() > 0
                        ? "; error AR(" + model.pipeline().errorAutoregression().order() + ")" : "")
                + (model.pipeline().valueAutoregression().on() ? String.format(java.util.Locale.ROOT, "; x%.2f value %s",
                        model.pipeline().valueAutoregression().weight(), model.pipeline().valueAutoregression()) : "");
    }

    /** The first floor(0.8 n) points of every key, in the long format. */
    private static void writeTrainingPart(List<Series> all, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("key,timestamp,value\n");
            for (Series s : all) {
                if (s.covariateCount() > 0) {
                    throw new IOException(s.key() + ": the suite runner takes key,timestamp,value files only");
                }
                int end = (int) Math.floor(TRAIN_FRACTION * s.size());
                String key = LongCsvReader.quote(s.key());
                for (int i = 0; i < end; i++) {
                    w.write(key);
                    w.write(',');
                    w.write(Instant.ofEpochMilli(s.timestamps()[i]).toString());
                    w.write(',');
                    w.write(Double.toString(s.values()[i]));
                    w.write('\n');
                }
            }
        }
    }
}
