package dev.nowcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.trainer.testing.TestData;

class TrainCommandTest {
    /** A configuration that trains in a second or two. */
    private static final String[] SMALL = {"--hidden-size", "4", "--horizon", "3", "--warmup", "12", "--window", "12",
        "--stride", "6", "--batch-size", "32", "--epochs", "2", "--threads", "1"};

    @TempDir
    static Path dir;
    private static Path csv;

    @BeforeAll
    static void data() {
        List<Series> data = TestData.flights(Set.of("ATL", "SEA"), 600);
        csv = TestData.writeCsv(data, dir.resolve("flights.csv"));
    }

    private static CommandRun train(String... args) {
        return CommandRun.of(new TrainCommand(), args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void trainsFromACsvWritesTheSnapshotAndReportsAndPrintsProgress() throws IOException {
        Path out = dir.resolve("run1/flights.avro");
        Path report = dir.resolve("run1/report");

        CommandRun run = train(concat(SMALL, "--model", "flights", "--csv", csv.toString(), "--no-publish",
                "--out", out.toString(), "--report", report.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("history: 2 series, 1,200 points, 2001-01-01T00:00:00Z")
                .contains("seasonal periods 1d, 7d\n")
                .contains("smoothing: season candidates [24, 168] steps").contains("chose: smoothing alpha=")
                .contains("season 24 steps").contains("chose: windows of 12 warm-up + 12 steps")
                .containsPattern("the network's correction x(0\\.00 \\(the base forecast alone: |(0\\.[0-9][1-9]|0\\.[1-9]0|"
                        + "1\\.00) \\(x0 would serve the base forecast alone; on \\d+ validation points x\\d\\.\\d\\d of it "
                        + "cut the MAE by)")
                .containsPattern("chose: the h-step interval's spread x (h\\^-?\\d\\.\\d\\d|exp\\(-?\\d\\.\\d\\d ln h [+-]"
                        + "\\d\\.\\d{3} \\(ln h\\)\\^2\\)) over the smoothing's error propagation\n")
                .containsPattern("chose: (the base forecast's errors follow an autoregression of order \\d|no error "
                        + "autoregression \\()").contains("champion: none (not compared: --no-publish); "
                        + "this run trains v1")
                .contains("epoch   1/2  loss").contains("epoch   2/2").contains("left")
                .contains("held-out scores (240 points of 2 series, one step ahead)")
                .contains("seasonal naive (24)").contains("decision: accepted: no champion")
                .contains("snapshot written to " + out).contains("flights v1 not published (--no-publish)");
        ModelSnapshot snapshot = SnapshotFiles.read(out);
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.architecture().hiddenSize()).isEqualTo(4);
        assertThat(snapshot.architecture().seasonalPeriodsMillis()).containsExactly(86_400_000L, 604_800_000L);
        assertThat(report.resolve("report.html")).isRegularFile();
        JsonNode json = TrainingDetails.JSON.readTree(report.resolve("report.json").toFile());
        assertThat(json.get("sha256").asText()).isEqualTo(snapshot.sha256());
    }

    @Test
    void comparesAgainstAChampionFileOffline() {
        Path champion = dir.resolve("champion.avro");
        assertThat(train(concat(SMALL, "--model", "flights", "--csv", csv.toString(), "--no-publish", "--out",
                champion.toString())).exitCode()).isZero();

        CommandRun run = train(concat(SMALL, "--model", "flights", "--csv", csv.toString(), "--no-publish",
                "--champion", champion.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The same data, settings and seed give the same model: not better, so rejected.
        assertThat(run.out()).contains("champion: flights v1; this run trains v2")
                .contains("champion v1").contains("decision: rejected: not better than the champion")
                .contains("flights v2 not published");
    }

    @Test
    void theErrorTermsCanBeTurnedOff() {
        CommandRun run = train(concat(SMALL, "--model", "flights", "--csv", csv.toString(), "--no-publish",
                "--error-ar-order", "0", "--persistence-decay", "0", "--median-shift-rate", "0"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("no error persistence (off)").contains("no error autoregression (off)")
                .contains("no median shift (off)");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatToChange() throws IOException {
        Path file = dir.resolve("some.avro");
        Files.writeString(file, "x");
        assertUsage(train("--csv", csv.toString()), "Missing required option: '--model=NAME'");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--topic", "t"), "give --csv or --topic, not both");
        assertUsage(train("--model", "m", "--csv", dir.resolve("missing.csv").toString()),
                "--csv " + dir.resolve("missing.csv") + ": no such readable file");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--step", "5x"),
                "'5x' is not a duration such as 500ms, 10s, 2m, 24h, 7d or PT10S");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--cell", "transformer"),
                "'transformer' is not one of ELMAN_TANH, ELMAN_RELU, GRU, LSTM");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--epochs", "0"),
                "maxEpochs and patience must be >= 1");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--split", "1"), "holdout fraction must be in (0, 1)");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--error-ar-order", "17"),
                "errorArOrder must be in [0, 16], got 17");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--persistence-decay", "1"),
                "persistenceDecay must be in [0, 1), got 1.0");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--median-shift-rate", "-0.1"),
                "medianShiftRate must be in [0, 1), got -0.1");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--max-points", "1"),
                "max points per series must be >= 2");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--key-id", "k"), "--key-id needs --signing-key");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--champion", file.toString()),
                "--champion is for runs with --no-publish");
        assertUsage(train("--model", "bad name", "--csv", csv.toString()),
                "model name 'bad name' may only contain letters, digits");
        assertUsage(train("--model", "flights"), "model flights has no topics in nowcast.models ([sensors, prices]); "
                + "give --csv or --topic");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--set", "nowcast.bootstrap.server=b:9092"),
                "train: error: bad setting nowcast.bootstrap.server: unknown setting (did you mean nowcast.bootstrap.servers?)");
        assertUsage(train("--model", "m", "--csv", csv.toString(), "--set", "kafka.bootstrap.servers=b:9092"),
                "kafka.bootstrap.servers: is set by Nowcast; use nowcast.bootstrap.servers");
    }

    private static void assertUsage(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("\tat ");
    }

    @Test
    void aRuntimeFailureExitsWithOneWithoutAStackTrace() throws IOException {
        Path shortCsv = Files.writeString(dir.resolve("short.csv"),
                "key,timestamp,value\na,2001-01-01T00:00:00Z,1\nb,2001-01-01T01:00:00Z,2\n");

        CommandRun run = train("--model", "m", "--csv", shortCsv.toString(), "--no-publish");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("train: error: ").doesNotContain("\tat ");
    }

    @Test
    void helpShowsEveryDefault() {
        CommandRun run = train("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: train").contains("--hidden-size=N").contains("Default: 32")
                .contains("--cell=CELL").contains("Default: LSTM").contains("--step=DURATION").contains("Default: auto")
                .contains("--max-series=N").contains("Default: 500").contains("--epochs=N").contains("Default: 300")
                .contains("--steps=N").contains("Default: 1200").contains("--no-smoothing")
                .contains("--learning-rate=RATE").contains("Default: 0.003").contains("Exit codes:");
    }
}
