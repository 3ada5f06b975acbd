package dev.nowcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.train.TrainingDefaults;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.testing.TestData;

class SuiteCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithoutRsBaselinesIsScoredAgainstTheSimpleRulesOnTheSamePoints() throws Exception {
        TestData.writeCsv(TestData.flights(Set.of("ATL", "SEA"), 400), dir.resolve("flights.csv"));
        Files.writeString(dir.resolve("suite.txt"), "flights 24 seasonal\n");
        Path json = dir.resolve("out.json");
        Path forecasts = Files.createDirectory(dir.resolve("forecasts"));

        CommandRun run = CommandRun.of(new SuiteCommand(), dir.toString(), "--json", json.toString(), "--threads", "1",
                "--forecasts", forecasts.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode set = TrainingDetails.JSON.readTree(json.toFile()).get("datasets").get(0);
        assertTheForecastsFileHoldsTheScoredPoints(forecasts.resolve("flights.csv"), set, 400);
        double naive = set.get("naiveMae").asDouble();
        double seasonalNaive = set.get("seasonalNaiveMae").asDouble();
        assertThat(set.get("baselines").get("naive").asDouble()).isEqualTo(naive);
        assertThat(set.get("baselines").get("seasonalNaive").asDouble()).isEqualTo(seasonalNaive);
        assertThat(set.get("baselines").get("ets").isNull()).as("R's forecasts stay absent").isTrue();
        double mae = set.get("mae").asDouble();
        assertThat(set.get("withinSimpleRules").asBoolean()).isEqualTo(mae <= 1.02 * Math.min(naive, seasonalNaive)
                * (1 + 5e-5));
        assertThat(run.out()).contains("flights").doesNotContain("NaN");
    }

    /** One row per scored point of each key (index >= floor(0.8 n)), whose errors give the table's MAE. */
    private static void assertTheForecastsFileHoldsTheScoredPoints(Path file, JsonNode set, int pointsPerKey)
            throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("key,point,timestamp,actual,forecast,p10,p90");
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",")).toList();
        assertThat((long) rows.size()).isEqualTo(set.get("scored").asLong());
        double absSum = 0;
        for (String[] r : rows) {
            assertThat(Integer.parseInt(r[1])).isBetween((int) Math.floor(0.8 * pointsPerKey), pointsPerKey - 1);
            assertThat(Instant.parse(r[2])).isAfter(Instant.EPOCH);
            double forecast = Double.parseDouble(r[4]);
            assertThat(Double.parseDouble(r[5])).isLessThan(forecast);
            assertThat(Double.parseDouble(r[6])).isGreaterThan(forecast);
            absSum += Math.abs(Double.parseDouble(r[3]) - forecast);
        }
        assertThat(rows.stream().map(r -> r[0]).distinct()).containsExactlyInAnyOrder("ATL", "SEA");
        assertThat(absSum / rows.size()).isCloseTo(set.get("mae").asDouble(), within(1e-9));
    }

    @Test
    void theSeedTrainsEverySetAndIsRecorded() throws Exception {
        TestData.writeCsv(TestData.flights(Set.of("ATL", "SEA"), 400), dir.resolve("flights.csv"));
        Files.writeString(dir.resolve("suite.txt"), "flights 24 seasonal\n");

        SeededRun first = suite("first.json", "--seed", "7");
        SeededRun again = suite("again.json", "--seed", "7");
        SeededRun other = suite("other.json", "--seed", "8");
        SeededRun byDefault = suite("default.json");

        assertThat(first.json().get("seed").asLong()).isEqualTo(7);
        assertThat(byDefault.json().get("seed").asLong()).isEqualTo(TrainingDefaults.SEED);
        assertThat(again.json().at("/datasets/0/mae").asDouble()).as("same seed, same bits")
                .isEqualTo(first.json().at("/datasets/0/mae").asDouble());
        assertThat(again.validationMaes()).isEqualTo(first.validationMaes()).isNotEmpty();
        // The network starts elsewhere: its first epoch scores differently on validation (whether it is served
        // or not, which the checks decide).
        assertThat(other.validationMaes().get(0)).isNotEqualTo(first.validationMaes().get(0));
        assertThat(byDefault.validationMaes().get(0)).isNotEqualTo(first.validationMaes().get(0));
    }

    /** A suite run's JSON and the validation MAE of each epoch it printed. */
    private record SeededRun(JsonNode json, List<String> validationMaes) {
    }

    private SeededRun suite(String jsonName, String... options) throws Exception {
        Path json = dir.resolve(jsonName);
        String[] args = Stream.concat(Stream.of(dir.toString(), "--json", json.toString(), "--threads", "1"),
                Arrays.stream(options)).toArray(String[]::new);
        CommandRun run = CommandRun.of(new SuiteCommand(), args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> maes = Pattern.compile("validation MAE (\\S+),").matcher(run.out()).results()
                .map(m -> m.group(1)).toList();
        return new SeededRun(TrainingDetails.JSON.readTree(json.toFile()), maes);
    }

    @Test
    void aForecastsFolderThatDoesNotExistIsAUsageError() {
        CommandRun run = CommandRun.of(new SuiteCommand(), dir.toString(), "--forecasts",
                dir.resolve("missing").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--forecasts must be an existing folder");
    }

    @Test
    void anUnusableDatasetIsReportedAsFailedAndTheOthersStillRun() throws Exception {
        TestData.writeCsv(TestData.flights(Set.of("ATL"), 300), dir.resolve("flights.csv"));
        Files.writeString(dir.resolve("tiny.csv"), "key,timestamp,value\na,2020-01-01T00:00:00Z,1\n");
        Files.writeString(dir.resolve("suite.txt"), "tiny 1 sensor\nflights 24 seasonal\n");
        Path json = dir.resolve("out.json");

        CommandRun run = CommandRun.of(new SuiteCommand(), dir.toString(), "--json", json.toString(), "--threads", "1");

        assertThat(run.exitCode()).as("a dataset failed").isEqualTo(1);
        assertThat(run.err()).contains("[1/2] tiny: FAILED: ").contains(dir.resolve("tiny.csv").toString())
                .doesNotContain(".train.csv").contains("1 of 2 datasets failed: [tiny]");
        assertThat(run.out()).contains("[2/2] flights: MAE ").containsPattern("tiny +sensor +FAILED: ")
                .contains("whole bar met: ").containsPattern("of 2\n");
        JsonNode root = TrainingDetails.JSON.readTree(json.toFile());
        assertThat(root.get("datasets")).hasSize(1);
        assertThat(root.get("datasets").get(0).get("name").asText()).isEqualTo("flights");
        assertThat(root.at("/failed/0/name").asText()).isEqualTo("tiny");
        assertThat(root.at("/failed/0/reason").asText()).contains("tiny.csv");
        assertThat(root.at("/summary/datasets").asInt()).isEqualTo(2);
        assertThat(root.at("/summary/failed").asInt()).isEqualTo(1);
    }

    @Test
    void brokenBaselinesNameTheirFile() throws Exception {
        TestData.writeCsv(TestData.flights(Set.of("ATL"), 300), dir.resolve("flights.csv"));
        Files.writeString(dir.resolve("suite.txt"), "flights 24 seasonal\n");
        Files.writeString(dir.resolve("stat_baselines.json"), "{\"flights\": {\"naive_mae\": 1.0,\n");

        CommandRun run = CommandRun.of(new SuiteCommand(), dir.toString(), "--threads", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(dir.resolve("stat_baselines.json") + ": not valid JSON (line ");
    }
}
