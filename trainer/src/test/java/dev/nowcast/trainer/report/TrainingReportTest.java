package dev.nowcast.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.CsvHistorySource;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.job.TrainingOutcome;
import dev.nowcast.trainer.testing.TestData;

/** The JSON and HTML reports of a small run whose first series key is hostile markup. */
class TrainingReportTest {
    private static final String HOSTILE_KEY = "<script>alert('x')</script>";

    @TempDir
    static Path dir;
    private static TrainingOutcome champion;
    private static TrainingOutcome outcome;
    private static JsonNode json;
    private static String html;

    @BeforeAll
    static void run() throws IOException {
        List<Series> data = TestData.flights(java.util.Set.of("BOS", "SEA"), 600).stream()
                .map(s -> s.key().equals("BOS") ? new Series(HOSTILE_KEY, s.timestamps(), s.values()) : s).toList();
        Path csv = TestData.writeCsv(data, dir.resolve("data.csv"));
        TrainingConfig config = TrainingConfig.builder().hiddenSize(4).horizon(3).warmupSteps(12).window(12)
                .stride(6).batchSize(32).maxEpochs(3).threads(1).build();
        champion = TrainingJob.builder("flights", new CsvHistorySource(csv)).training(config)
                .snapshotFile(dir.resolve("champion.avro")).build().run();
        outcome = TrainingJob.builder("flights", new CsvHistorySource(csv))
                .training(config.toBuilder().seed(2).build()).championFile(dir.resolve("champion.avro")).force(true)
                .build().run();
        ReportFiles.write(outcome, dir.resolve("report"));
        json = TrainingDetails.JSON.readTree(dir.resolve("report/report.json").toFile());
        html = Files.readString(dir.resolve("report/report.html"));
    }

    @Test
    void theJsonHoldsTheEvaluationTheCurveAndTheDecision() {
        assertThat(json.get("model").asText()).isEqualTo("flights");
        assertThat(json.get("version").asLong()).isEqualTo(2);
        assertThat(json.get("sha256").asText()).isEqualTo(outcome.snapshot().sha256());
        assertThat(json.at("/challenger/mae").asDouble()).isEqualTo(outcome.challenger().mae());
        assertThat(json.at("/challenger/rmse").asDouble()).isEqualTo(outcome.challenger().rmse());
        assertThat(json.at("/challenger/mase").asDouble()).isEqualTo(outcome.challenger().mase());
        assertThat(json.at("/challenger/naiveMae").asDouble()).isEqualTo(outcome.challenger().naiveMae());
        assertThat(json.at("/challenger/seasonalNaiveMae").asDouble())
                .isEqualTo(outcome.challenger().seasonalNaiveMae());
        assertThat(json.at("/challenger/coverage").asDouble()).isEqualTo(outcome.challenger().coverage());
        assertThat(json.at("/challenger/perHorizon")).hasSize(3);
        assertThat(json.at("/challenger/perHorizon/2/horizon").asInt()).isEqualTo(3);
        assertThat(json.at("/challenger/perHorizon/2/mae").asDouble()).isEqualTo(outcome.challenger().maeByHorizon()[2]);
        assertThat(json.at("/champion/version").asLong()).isEqualTo(1);
        assertThat(json.at("/champion/evaluation/mae").asDouble()).isEqualTo(champion.challenger().mae());
        assertThat(json.at("/training/curve")).hasSize(outcome.training().epochs());
        assertThat(json.at("/training/curve/0/trainLoss").isNumber()).isTrue();
        assertThat(json.at("/training/correction/validationPoints").asInt())
                .isEqualTo(outcome.training().correction().points()).isPositive();
        assertThat(json.at("/training/correction/baseMae").asDouble())
                .isEqualTo(outcome.training().correction().baseMae());
        assertThat(json.at("/training/correction/significant").asBoolean())
                .isEqualTo(outcome.training().correction().significant());
        assertThat(json.at("/decision/publish").asBoolean()).isTrue();
        assertThat(json.at("/decision/metric").asText()).isEqualTo("mae");
        assertThat(json.at("/decision/championVersion").asLong()).isEqualTo(1);
        assertThat(json.at("/decision/summary").asText()).isEqualTo(outcome.decision().summary());
        assertThat(json.at("/data/from").asText()).isEqualTo("2001-01-01T00:00:00Z");
        assertThat(json.at("/data/fingerprint").asText()).isEqualTo(outcome.fingerprint());
        assertThat(json.at("/data/read/records").asLong()).isEqualTo(1200);
        assertThat(json.at("/data/read/rejected/undecodable").asLong()).isZero();
        assertThat(json.at("/config/hiddenSize").asInt()).isEqualTo(4);
        assertThat(json.at("/timings/totalMillis").asLong()).isPositive();
        assertThat(json.get("publication").isNull()).isTrue();
    }

    @Test
    void theHtmlIsSelfContainedAndShowsTheCurvesAndForecasts() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Nowcast training report: flights v2</title>");
        // No scripts, no stylesheets or images fetched from anywhere.
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://")
                .doesNotContain("https://");
        // Training loss, validation MAE, MAE and coverage by horizon, one forecast chart per series.
        assertThat(html.split("<svg ", -1)).hasSize(1 + 4 + 2);
        assertThat(html).contains("Training loss per target").contains("MAE by horizon")
                .contains("p10-p90 coverage by horizon").contains("<polygon");
        assertThat(html).contains("accepted (forced)").contains("champion v1");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    @Test
    void nonFiniteNumbersAreNullInJson() {
        var report = new dev.nowcast.model.eval.EvaluationReport(1, 10, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, new double[] {Double.NaN}, new double[] {Double.NaN},
                new long[] {0});

        JsonNode n = EvaluationJson.of(report, 0, 0.2);

        assertThat(n.get("mae").isNull()).isTrue();
        assertThat(n.get("seasonalNaiveMae").isNull()).isTrue();
        assertThat(n.at("/perHorizon/0/mae").isNull()).isTrue();
        assertThat(n.toString()).doesNotContain("NaN");
    }

    @Test
    void axisTicksAreRoundNumbersCoveringTheRange() {
        assertThat(LineChart.ticks(0.13, 0.97, 5)).containsExactly(new double[] {0.0, 0.2, 0.4, 0.6, 0.8, 1.0},
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LineChart.ticks(1, 12, 8)).contains(2.0, 12.0);
        assertThat(new LineChart("empty", "x", "y", 100, 100).svg()).contains("no data");
    }
}
