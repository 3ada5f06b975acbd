package dev.nowcast.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.trainer.history.CsvHistorySource;
import dev.nowcast.trainer.history.DataFingerprint;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.trainer.signing.SigningKey;
import dev.nowcast.trainer.testing.TestData;

/** The training job end to end on a small flights subset, offline (champion from a file, no Kafka). */
class TrainingJobTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** Four airports, seven weeks of hourly departures. */
    private static final List<Series> DATA = TestData.flights(Set.of("ATL", "ORD", "DFW", "LAX"), 1200);

    @TempDir
    static Path dir;
    private static Path csv;
    private static TrainingOutcome good;

    /** A model that learns the daily and weekly pattern in a few seconds. */
    static TrainingConfig goodConfig() {
        return TrainingConfig.builder().hiddenSize(16).horizon(6).warmupSteps(24).window(24).stride(3)
                .batchSize(32).maxEpochs(5).learningRate(1e-2).minLearningRate(1e-3).threads(2).build();
    }

    /** Barely trained: one epoch of a 2-unit network at a tiny learning rate. */
    static TrainingConfig poorConfig() {
        return goodConfig().toBuilder().hiddenSize(2).maxEpochs(1).learningRate(1e-5).minLearningRate(1e-6).build();
    }

    private static TrainingJob.Builder job(TrainingConfig config) {
        return TrainingJob.builder("flights", new CsvHistorySource(csv)).training(config).clock(CLOCK);
    }

    @BeforeAll
    static void trainAGoodModel() throws IOException {
        csv = TestData.writeCsv(DATA, dir.resolve("flights-subset.csv"));
        good = job(goodConfig()).snapshotFile(dir.resolve("good.avro")).build().run();
    }

    @Test
    void theSnapshotRecordsTheDataTheScoresAndTheDecision() throws Exception {
        ModelSnapshot s = good.snapshot();
        ModelSnapshot.TrainingSummary summary = s.trainingSummary();

        assertThat(s.model()).isEqualTo("flights");
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.createdAt()).isEqualTo(CLOCK.millis());
        assertThat(good.decision().publish()).isTrue();
        assertThat(summary.decision()).startsWith("accepted: no champion");
        assertThat(summary.championVersion()).isNull();
        assertThat(summary.challengerScore()).isEqualTo(good.challenger().mae());
        assertThat(summary.series()).isEqualTo(4);
        assertThat(summary.observations()).isEqualTo(4 * 1200);
        assertThat(summary.dataFrom()).isEqualTo(Instant.parse("2001-01-01T00:00:00Z").toEpochMilli());
        assertThat(summary.dataTo()).isEqualTo(Instant.parse("2001-01-01T00:00:00Z").toEpochMilli() + 1199 * 3_600_000L);
        assertThat(summary.dataFingerprint()).isEqualTo(DataFingerprint.of(DATA.stream()
                .sorted(Comparator.comparing(Series::key)).toList()));
        assertThat(summary.metrics()).containsKeys("mae", "rmse", "mase", "coverage", "horizon.1.mae",
                "horizon.6.coverage").containsEntry("mae", good.challenger().mae());
        assertThat(summary.baselines()).containsEntry("naive.mae", good.challenger().naiveMae())
                .containsEntry("seasonalNaive.mae", good.challenger().seasonalNaiveMae());
        JsonNode details = TrainingDetails.JSON.readTree(summary.details());
        assertThat(details.at("/config/hiddenSize").asInt()).isEqualTo(16);
        assertThat(details.at("/config/seasonalPeriodsMillis").size()).isEqualTo(2);
        assertThat(details.at("/history/records").asLong()).isEqualTo(4800);
        assertThat(details.at("/seasonSteps").asInt()).isEqualTo(24);
        assertThat(details.at("/source").asText()).startsWith("csv ");
        assertThat(SnapshotFiles.read(dir.resolve("good.avro"))).isEqualTo(s);
        assertThat(SnapshotCodec.decode(s).version()).isEqualTo(1);
    }

    @Test
    void theModelBeatsBothBaselinesOnHeldOutData() {
        assertThat(good.challenger().mae()).isLessThan(good.challenger().seasonalNaiveMae())
                .isLessThan(good.challenger().naiveMae());
        assertThat(good.challenger().coverage()).isBetween(0.6, 0.95);
        assertThat(good.challenger().maeByHorizon()).hasSize(6);
        assertThat(good.forecasts()).hasSize(4).allSatisfy(f -> assertThat(f.size()).isEqualTo(240));
    }

    @Test
    void aWorseChallengerIsRejectedUnlessForced() throws IOException {
        TrainingOutcome rejected = job(poorConfig()).championFile(dir.resolve("good.avro")).build().run();
        TrainingOutcome forced = job(poorConfig()).championFile(dir.resolve("good.avro")).force(true).build().run();

        assertThat(rejected.decision().publish()).isFalse();
        assertThat(rejected.snapshot().version()).isEqualTo(2);
        // The champion is scored on exactly the data and split it was scored on when it was trained.
        assertThat(rejected.decision().championScore()).isEqualTo(good.challenger().mae());
        assertThat(rejected.decision().challengerScore()).isGreaterThan(good.challenger().mae());
        assertThat(rejected.snapshot().trainingSummary().decision()).startsWith("rejected: not better");
        assertThat(rejected.snapshot().trainingSummary().championVersion()).isEqualTo(1);
        assertThat(rejected.champion().mae()).isEqualTo(good.challenger().mae());
        assertThat(forced.decision().publish()).isTrue();
        assertThat(forced.decision().forced()).isTrue();
        assertThat(forced.snapshot().trainingSummary().decision()).startsWith("accepted (forced)");
    }

    @Test
    void aBetterChallengerBeatsTheChampion() throws IOException {
        TrainingOutcome poor = job(poorConfig()).snapshotFile(dir.resolve("poor.avro")).build().run();

        TrainingOutcome better = job(goodConfig()).championFile(dir.resolve("poor.avro")).build().run();

        assertThat(better.decision().publish()).isTrue();
        assertThat(better.decision().forced()).isFalse();
        assertThat(better.decision().championScore()).isEqualTo(poor.challenger().mae());
        assertThat(better.snapshot().trainingSummary().decision()).startsWith("accepted: better than the champion");
    }

    @Test
    void theSameDataAndSettingsGiveTheSameBits() throws IOException {
        TrainingOutcome again = job(goodConfig()).build().run();

        ModelSnapshot a = again.snapshot();
        ModelSnapshot b = good.snapshot();
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(a.tensors()).isEqualTo(b.tensors());
        assertThat(a.normalisation()).isEqualTo(b.normalisation());
        assertThat(a.trainingSummary().metrics()).isEqualTo(b.trainingSummary().metrics());
        assertThat(a.trainingSummary().dataFingerprint()).isEqualTo(b.trainingSummary().dataFingerprint());
    }

    @Test
    void stoppingDuringTrainingKeepsTheBestModelSoFar() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        TrainingOutcome stopped = job(goodConfig()).build().run(new TrainingJobListener() {
            @Override
            public void onEpoch(EpochProgress progress) {
                stop.set(true);
            }
        }, stop::get);

        assertThat(stopped.training().cancelled()).isTrue();
        assertThat(stopped.training().bestEpoch()).isEqualTo(1);
        assertThat(stopped.training().epochs()).isLessThanOrEqualTo(2);
        assertThat(stopped.decision().publish()).isTrue();
        assertThat(stopped.challenger().scored()).isPositive();
    }

    @Test
    void stoppingBeforeTheFirstEpochEndsLeavesNothingToKeep() {
        assertThatThrownBy(() -> job(goodConfig()).build().run(TrainingJobListener.NONE, () -> true))
                .isInstanceOf(CancellationException.class).hasMessageContaining("first epoch");
    }

    @Test
    void signsWithTheGivenKey() throws Exception {
        Path privateKey = dir.resolve("sign.pem");
        Path publicKey = dir.resolve("sign.pub.pem");
        SigningKey.write(SigningKey.generate(), privateKey, publicKey);
        SigningKey key = SigningKey.load(privateKey, null);

        TrainingOutcome signed = job(poorConfig()).signWith(key).build().run();

        assertThat(signed.snapshot().signingKeyId()).isEqualTo(key.keyId());
        SnapshotCodec.decode(signed.snapshot(), dev.nowcast.model.snapshot.PemKeys.readPublicKey(publicKey));
    }

    @Test
    void aSeriesTooShortToSplitIsLeftOutWithAWarningAndTheOthersAreCheckedAndScored() throws IOException {
        // First in the file, so that a check pairing the series with the training parts by position would pair the
        // first airport with the second's part (it threw an index error before).
        Series single = new Series("AAA", new long[] {DATA.get(0).timestamps()[0]}, new double[] {5});
        List<Series> data = new java.util.ArrayList<>(List.of(single));
        data.addAll(DATA);
        Path file = TestData.writeCsv(data, dir.resolve("with-one-point.csv"));

        TrainingOutcome o = TrainingJob.builder("flights", new CsvHistorySource(file)).training(poorConfig())
                .clock(CLOCK).build().run();

        assertThat(o.series()).as("the history holds it").isEqualTo(DATA.size() + 1);
        assertThat(o.warnings()).anyMatch(w -> w.startsWith("1 series left out: too short to split off a training "
                + "part") && w.contains("'AAA'"));
        assertThat(o.challenger().scored()).isPositive();
        assertThat(o.forecasts()).noneMatch(f -> f.key().equals("AAA"));
    }

    @Test
    void aChampionExpectingOtherCovariatesCannotBeScored() throws IOException {
        List<Series> withCovariate = DATA.stream().map(s -> new Series(s.key(), s.timestamps(), s.values(),
                s.values().clone(), 1)).toList();
        Path covariateCsv = TestData.writeCsv(withCovariate, dir.resolve("with-covariate.csv"));
        TrainingJob.builder("flights", new CsvHistorySource(covariateCsv)).training(poorConfig()).clock(CLOCK)
                .snapshotFile(dir.resolve("covariate.avro")).build().run();

        TrainingOutcome o = job(poorConfig()).championFile(dir.resolve("covariate.avro")).build().run();

        assertThat(o.decision().publish()).isTrue();
        assertThat(o.decision().championScore()).isNull();
        assertThat(o.decision().summary()).contains("expects 1 covariates, the data has 0");
        assertThat(o.champion()).isNull();
    }

    @Test
    void aModelThatLosesToTheLastValueOnTheHeldOutPartIsTrainedAgainOnIt() throws IOException {
        List<TrainingResult> trained = new ArrayList<>();
        TrainingOutcome outcome = shiftedJob().build().run(new TrainingJobListener() {
            @Override
            public void onTrained(TrainingResult result) {
                trained.add(result);
            }
        }, () -> false);

        assertThat(outcome.warnings()).anySatisfy(w -> assertThat(w).contains("lost to the last value",
                "trained again with the last value as its base forecast"));
        assertThat(outcome.snapshot().normalisation().parameters().get(FeaturePipeline.SMOOTHING_ALPHA))
                .as("the base served is the last value").isEqualTo(1.0);
        assertThat(outcome.scores().challenger().mae()).isEqualTo(outcome.scores().challenger().naiveMae());
        // The console hears of the model served, once.
        assertThat(trained).singleElement().satisfies(r -> assertThat(r.pipeline().smoothing().naive()).isTrue());
    }

    @Test
    void stoppedByHandTheJobKeepsTheModelItTrainedAndSaysTheLastValueWasAhead() throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        TrainingOutcome outcome = shiftedJob().build().run(new TrainingJobListener() {
            @Override
            public void onEpoch(EpochProgress progress) {
                stop.set(true);
            }
        }, stop::get);

        assertThat(outcome.training().cancelled()).isTrue();
        assertThat(outcome.warnings()).anySatisfy(w -> assertThat(w).contains("lost to the last value",
                "not trained again, since training was stopped"));
        assertThat(outcome.snapshot().normalisation().parameters().get(FeaturePipeline.SMOOTHING_ALPHA))
                .isLessThan(1.0);
    }

    /** 80 calm points whose running mean the smoothing search takes, then 20 held-out ones that walk away. */
    private static TrainingJob.Builder shiftedJob() {
        Path shifted = TestData.writeCsv(List.of(LastValueCheckTest.counts(100, 80, 0.5)), dir.resolve("shift.csv"));
        return TrainingJob.builder("counts", new CsvHistorySource(shifted)).training(goodConfig()).clock(CLOCK);
    }

    @Test
    void theEvaluationUsesTheHeldOutShareAndTheInferredSeason() {
        assertThat(good.seasonSteps()).isEqualTo(24);
        assertThat(good.holdoutFraction()).isEqualTo(0.2);
        // 4 series x 240 held-out points, each scored one step ahead.
        assertThat(good.challenger().scored()).isEqualTo(4 * 240);
        assertThat(good.timings().totalMillis()).isGreaterThanOrEqualTo(good.timings().trainMillis());
        assertThat(good.challenger().mae()).isCloseTo(good.decision().challengerScore(), within(0.0));
    }
}
