package dev.nowcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.trainer.history.CsvHistorySource;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.trainer.signing.SigningKey;
import dev.nowcast.trainer.testing.TestData;

class EvaluateCommandTest {
    @TempDir
    static Path dir;
    private static Path csv;
    private static Path snapshot;

    @BeforeAll
    static void train() throws Exception {
        List<Series> data = TestData.flights(Set.of("ATL", "SEA", "BOS"), 500);
        csv = TestData.writeCsv(data, dir.resolve("flights.csv"));
        snapshot = dir.resolve("flights.avro");
        SigningKey.write(SigningKey.generate(), dir.resolve("k.pem"), dir.resolve("k.pub.pem"));
        TrainingJob.builder("flights", new CsvHistorySource(csv)).training(TrainingConfig.builder().hiddenSize(4)
                .horizon(4).warmupSteps(12).window(12).stride(6).batchSize(32).maxEpochs(1).threads(1).build())
                .signWith(SigningKey.load(dir.resolve("k.pem"), null)).snapshotFile(snapshot).build().run();
    }

    @Test
    void jsonGivesTheStreamAppsNumbersForTheData() throws Exception {
        CommandRun run = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                csv.toString(), "--json", "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = TrainingDetails.JSON.readTree(run.out());
        // The reference: every series streamed through Forecaster.observe, as the stream app does.
        ModelSnapshot s = SnapshotFiles.read(snapshot);
        EvaluationReport expected = new OfflineEvaluator(SnapshotCodec.decode(s)).withTestFraction(0.2)
                .withSeasonSteps(24).evaluate(LongCsvReader.readSeries(csv).stream()
                        .sorted(java.util.Comparator.comparing(Series::key)).toList());
        assertThat(json.get("model").asText()).isEqualTo("flights");
        assertThat(json.get("version").asLong()).isEqualTo(1);
        assertThat(json.get("mae").asDouble()).isEqualTo(expected.mae());
        assertThat(json.get("rmse").asDouble()).isEqualTo(expected.rmse());
        assertThat(json.get("mase").asDouble()).isEqualTo(expected.mase());
        assertThat(json.get("naiveMae").asDouble()).isEqualTo(expected.naiveMae());
        assertThat(json.get("seasonalNaiveMae").asDouble()).isEqualTo(expected.seasonalNaiveMae());
        assertThat(json.get("coverage").asDouble()).isEqualTo(expected.coverage());
        assertThat(json.get("seasonSteps").asInt()).isEqualTo(24);
        assertThat(json.get("perHorizon")).hasSize(4);
        assertThat(json.at("/perHorizon/3/mae").asDouble()).isEqualTo(expected.maeByHorizon()[3]);
        assertThat(json.at("/perHorizon/3/coverage").asDouble()).isEqualTo(expected.coverageByHorizon()[3]);
        // Trained on the same split of the same file: the snapshot's own held-out score.
        assertThat(json.get("mae").asDouble()).isEqualTo(s.trainingSummary().metrics().get("mae"));
    }

    @Test
    void dataOfAnotherStepIsRefusedUnlessAllowedAndThenWarnedAbout() throws Exception {
        // Every 24th point of the hourly data, one day apart: daily data for an hourly model.
        List<Series> daily = LongCsvReader.readSeries(csv).stream().map(x -> {
            int n = x.size() / 24;
            long[] ts = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = x.timestamps()[24 * i];
                v[i] = x.values()[24 * i];
            }
            return new Series(x.key(), ts, v);
        }).toList();
        Path dailyCsv = TestData.writeCsv(daily, dir.resolve("daily.csv"));

        CommandRun refused = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                dailyCsv.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("evaluate: error: " + dailyCsv + " has a step of 1d")
                .contains("flights v1 forecasts steps of 1h").contains("--allow-step-mismatch");
        assertThat(refused.out()).isEmpty();

        CommandRun allowed = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                dailyCsv.toString(), "--allow-step-mismatch");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.err()).startsWith("evaluate: warning: " + dailyCsv + " has a step of 1d")
                .contains("the per-horizon table counts no point");
    }

    @Test
    void theTableShowsBaselinesAndHorizonsAndTheSplitAndSeasonCanBeChosen() {
        CommandRun run = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                csv.toString(), "--split", "0.5", "--season", "168", "--verification-key",
                dir.resolve("k.pub.pem").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("flights v1").contains("signed by")
                .contains("3 series, 1,500 points").contains("on the last 50% of each")
                .contains("seasonal naive (168)").contains("p10-p90 coverage").contains("horizon").contains("\n  4 ");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        SigningKey.write(SigningKey.generate(), dir.resolve("other.pem"), dir.resolve("other.pub.pem"));

        CommandRun run = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                csv.toString(), "--verification-key", dir.resolve("other.pub.pem").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("SIGNATURE").contains("does not verify").doesNotContain("\tat ");
    }

    @Test
    void dataWithOtherCovariatesIsRefused() {
        List<Series> withCovariate = TestData.flights(Set.of("ATL"), 100).stream()
                .map(s -> new Series(s.key(), s.timestamps(), s.values(), s.values().clone(), 1)).toList();
        Path other = TestData.writeCsv(withCovariate, dir.resolve("covariate.csv"));

        CommandRun run = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                other.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has 1 covariate column(s); flights v1 expects 0");
    }

    @Test
    void usageErrors() {
        CommandRun missing = CommandRun.of(new EvaluateCommand(), "--csv", csv.toString());
        CommandRun split = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                csv.toString(), "--split", "0");
        CommandRun season = CommandRun.of(new EvaluateCommand(), "--snapshot", snapshot.toString(), "--csv",
                csv.toString(), "--season", "-1");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--snapshot=FILE'");
        assertThat(split.exitCode()).isEqualTo(2);
        assertThat(split.err()).contains("--split must be in (0, 1), got 0.0");
        assertThat(season.exitCode()).isEqualTo(2);
        assertThat(season.err()).contains("'-1' is not 'auto' or a whole number >= 0");
    }
}
