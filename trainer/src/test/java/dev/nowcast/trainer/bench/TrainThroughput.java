package dev.nowcast.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.trainer.cli.TrainCommand;
import dev.nowcast.trainer.job.TrainingDetails;
import picocli.CommandLine;

/**
 * The measurement behind docs/benchmarks.md's Trainer section: {@code nowcast train} with its defaults on a
 * CSV, offline ({@code --no-publish}), then wall time, training throughput and held-out scores from its JSON
 * report. Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl trainer -am test-compile -DskipTests
 * ./mvnw -B -q -pl trainer dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java @jvm.options -cp trainer/target/classes:trainer/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.nowcast.trainer.bench.TrainThroughput data/flights-hourly-departures.csv [more train options]
 * </pre>
 */
public final class TrainThroughput {
    private TrainThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args[0]);
        Path report = Files.createTempDirectory("nowcast-train-bench");
        List<String> train = new ArrayList<>(List.of("--model", "bench", "--csv", csv.toString(), "--no-publish",
                "--report", report.toString()));
        train.addAll(List.of(args).subList(1, args.length));
        long started = System.nanoTime();
        int code = new CommandLine(new TrainCommand()).execute(train.toArray(String[]::new));
        double wall = (System.nanoTime() - started) / 1e9;
        if (code != 0) {
            System.exit(code);
        }
        JsonNode r = TrainingDetails.JSON.readTree(report.resolve("report.json").toFile());
        dev.nowcast.local.TempDirs.deleteRecursively(report);
        long windows = windowsPerEpoch(LongCsvReader.readSeries(csv), r);
        int epochs = r.at("/training/epochs").asInt();
        double trainSeconds = r.at("/timings/trainMillis").asLong() / 1000.0;
        System.out.printf(Locale.ROOT, "%nwall %.1f s (read %.1f s, train %.1f s, evaluate %.1f s); %d epochs of %,d "
                        + "windows: %,.0f windows/s including per-epoch validation%n", wall,
                r.at("/timings/readMillis").asLong() / 1000.0, trainSeconds,
                r.at("/timings/evaluateMillis").asLong() / 1000.0, epochs, windows, epochs * windows / trainSeconds);
        System.out.printf(Locale.ROOT, "held-out MAE %.4f, naive %.4f, seasonal naive %s, MASE %.3f, RMSE %.4f, "
                        + "p10-p90 coverage %.3f%n", r.at("/challenger/mae").asDouble(),
                r.at("/challenger/naiveMae").asDouble(), r.at("/challenger/seasonalNaiveMae").asText(),
                r.at("/challenger/mase").asDouble(), r.at("/challenger/rmse").asDouble(),
                r.at("/challenger/coverage").asDouble());
    }

    /**
     * Windows a {@code ForecastTrainer} epoch goes through, by its documented windowing (docs/model.md,
     * Training): in each series' training part (the job's held-out share and then the trainer's validation
     * share removed), windows of {@code warmup + window} steps every {@code stride} points, in full minibatches
     * and within the per-epoch cap. Valid for data without gap restarts, as the shipped datasets are.
     */
    static long windowsPerEpoch(List<Series> series, JsonNode report) {
        JsonNode c = report.get("config");
        int length = c.get("warmupSteps").asInt() + c.get("window").asInt();
        int stride = c.get("stride").asInt();
        double holdout = report.get("holdoutFraction").asDouble();
        double validation = c.get("validationFraction").asDouble();
        long windows = 0;
        for (Series s : series) {
            int training = s.size() - (int) Math.round(s.size() * holdout);
            int end = training - (int) Math.round(training * validation) - 1;
            if (end >= length) {
                windows += (end - length) / stride + 1;
            }
        }
        int cap = c.get("maxWindowsPerEpoch").asInt();
        long perEpoch = cap == 0 ? windows : Math.min(windows, cap);
        int batch = c.get("batchSize").asInt();
        return perEpoch / batch * batch;
    }
}
