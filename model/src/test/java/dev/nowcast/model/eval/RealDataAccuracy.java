package dev.nowcast.model.eval;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-data accuracy protocol of docs/benchmarks.md: train on the first 80% of each key, then stream every
 * key from its first point through the forecaster and score one step ahead on the last 20%. The configurations
 * here are the ones the accuracy tests run and the documented command prints:
 * <pre>
 * ./mvnw -B -q -pl model test-compile
 * java -cp model/target/classes:model/target/test-classes dev.nowcast.model.eval.RealDataAccuracy flights|sensors
 * </pre>
 */
public final class RealDataAccuracy {
    static final long HOUR = 3_600_000L;

    /** Result of one run. */
    public record Run(TrainingResult training, EvaluationReport report, double seconds) {
    }

    private RealDataAccuracy() {
    }

    /** Hourly flights: daily and weekly phases and seasonal lags, 1-layer LSTM of 32. */
    static TrainingConfig flights() {
        return TrainingConfig.builder().optimizerSteps(0).maxWindowsPerEpoch(0).cellType(CellType.LSTM).hiddenSize(32).horizon(24).stepIntervalMillis(HOUR)
                .maxGapMillis(24 * HOUR).seasonalPeriodsMillis(24 * HOUR, 168 * HOUR).seasonalLags(true)
                .warmupSteps(48).window(48).stride(12).maxEpochs(12).threads(2).seed(1).build();
    }

    /** 5-second sensor readings, no season. */
    static TrainingConfig sensors() {
        return TrainingConfig.builder().optimizerSteps(0).maxWindowsPerEpoch(0).cellType(CellType.LSTM).hiddenSize(32).horizon(12).stepIntervalMillis(5000)
                .maxGapMillis(600_000).warmupSteps(48).window(48).stride(24).maxEpochs(6).threads(2).seed(1).build();
    }

    static Run run(String file, TrainingConfig config, int seasonSteps) throws IOException {
        List<Series> all = LongCsvReader.readSeries(Path.of("..", "data", file).toAbsolutePath().normalize());
        OfflineEvaluator split = new OfflineEvaluator(null);
        List<Series> train = new ArrayList<>();
        for (Series s : all) {
            train.add(s.head(split.splitIndex(s.size())));
        }
        long t0 = System.nanoTime();
        TrainingResult r = new ForecastTrainer(config).train(train, p -> System.out.println("  " + p), () -> false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        EvaluationReport report = new OfflineEvaluator(r.forecaster(1)).withSeasonSteps(seasonSteps).withThreads(2)
                .evaluate(all);
        return new Run(r, report, seconds);
    }

    public static void main(String[] args) throws IOException {
        boolean flights = args.length == 0 || args[0].equals("flights");
        Run run = flights ? run("flights-hourly-departures.csv", flights(), 24)
                : run("sensors-wsn-single-hop.csv", sensors(), 0);
        System.out.printf("fit %.1f s, %d epochs (best %d), meanScale %.2f, stddevScale %.3f%n%s%n", run.seconds(),
                run.training().epochs(), run.training().bestEpoch(), run.training().pipeline().meanScale(),
                run.training().pipeline().stddevScale(), run.report());
    }
}
