package dev.nowcast.model.eval;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Manual experiment runner (not a test): java -cp ... AccuracyExperiment file hidden epochs lags. */
public final class AccuracyExperiment {
    public static void main(String[] args) throws Exception {
        List<Series> all = LongCsvReader.readSeries(Path.of(args[0]));
        boolean flights = args[0].contains("flights");
        List<Series> train = new ArrayList<>();
        OfflineEvaluator probe = new OfflineEvaluator(null);
        for (Series s : all) {
            train.add(s.head(probe.splitIndex(s.size())));
        }
        long hour = 3_600_000L;
        TrainingConfig.Builder b = TrainingConfig.builder().cellType(CellType.valueOf(args[4]))
                .hiddenSize(Integer.parseInt(args[1])).maxEpochs(Integer.parseInt(args[2]))
                .seasonalLags(Boolean.parseBoolean(args[3])).horizon(1)
                .validationFraction(Double.parseDouble(System.getProperty("val", "0.15")));
        if (flights) {
            b.stepIntervalMillis(hour).maxGapMillis(24 * hour).seasonalPeriodsMillis(24 * hour, 168 * hour)
                    .warmupSteps(48).window(48).stride(12);
        } else {
            b.stepIntervalMillis(5000).maxGapMillis(600_000).warmupSteps(48).window(48).stride(24);
        }
        long t0 = System.nanoTime();
        TrainingResult r = new ForecastTrainer(b.build()).train(train, p -> System.out.println(p), () -> false);
        System.out.printf("trained in %.1fs, stddevScale %.3f meanScale %.2f%n", (System.nanoTime() - t0) / 1e9, r.pipeline().stddevScale(), r.pipeline().meanScale());
        EvaluationReport rep = new OfflineEvaluator(r.forecaster(1)).withSeasonSteps(24).withThreads(2).evaluate(all);
        System.out.println(rep);
    }
}
