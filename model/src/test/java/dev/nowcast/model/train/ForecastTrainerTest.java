package dev.nowcast.model.train;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastTrainerTest {
    /** Six daily-seasonal series of different levels and amplitudes, with noise. */
    static List<Series> seasonal(int n) {
        List<Series> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 6; k++) {
            long[] ts = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = i * HOUR;
                v[i] = 100 * k + (5 + 3 * k) * Math.sin(2 * Math.PI * (i + 3 * k) / 24) + r.nextGaussian();
            }
            out.add(new Series("k" + k, ts, v));
        }
        return out;
    }

    static TrainingConfig.Builder config() {
        return TrainingConfig.builder().optimizerSteps(0).cellType(CellType.GRU).hiddenSize(12).horizon(3).warmupSteps(12).window(24)
                .stride(6).batchSize(32).chunkSize(16).maxEpochs(4).seasonalPeriodsMillis(24 * HOUR)
                .learningRate(1e-2).learningRateWarmupSteps(5).seed(42);
    }

    @Test
    void theHorizonShapeBendsOnlyWhereEveryHorizonCarriesItAndStaysInRange() {
        double[] bent = new double[12];
        for (int h = 2; h <= 12; h++) {
            double x = Math.log(h);
            bent[h - 1] = 0.3 * x - 0.1 * x * x;
        }
        assertThat(ForecastTrainer.horizonShape(bent, 100)).containsExactly(new double[] {0.3, -0.1},
                within(1e-9));
        double[] line = ForecastTrainer.horizonShape(bent, 99);
        assertThat(line[1]).as("too few forecasts per horizon for a second parameter").isZero();
        assertThat(line[0]).isBetween(-1.0, 1.0);
        double[] power = new double[12];
        for (int h = 2; h <= 12; h++) {
            power[h - 1] = 0.4 * Math.log(h);
        }
        assertThat(ForecastTrainer.horizonShape(power, 1000)).containsExactly(new double[] {0.4, 0}, within(1e-9));
        // Three horizons: two ratios fit exactly by two parameters, nothing averaged; e 2.2 and c -2.5 from these.
        assertThat(ForecastTrainer.horizonShape(new double[] {0, Math.log(1.42), Math.log(0.58)}, 1000)[1]).isZero();
        assertThat(ForecastTrainer.horizonShape(new double[] {0, Math.log(1.3)}, 1000)).as("two horizons: the line")
                .containsExactly(new double[] {Math.log(1.3) / Math.log(2), 0}, within(1e-12));
        double[] steep = new double[12];
        for (int h = 2; h <= 12; h++) {
            steep[h - 1] = 3 * Math.log(h);
        }
        assertThat(ForecastTrainer.horizonShape(steep, 1000)).as("out of range: the bounded line")
                .containsExactly(1.0, 0.0);
    }

    @Test
    void theSameSeedGivesTheSameBitsWithOneOrTwoThreads() {
        List<Series> data = seasonal(600);
        TrainingResult one = new ForecastTrainer(config().threads(1).build()).train(data);
        TrainingResult two = new ForecastTrainer(config().threads(2).build()).train(data);
        assertThat(two.parameters()).isEqualTo(one.parameters());
        assertThat(two.pipeline().parameters()).isEqualTo(one.pipeline().parameters());
        ModelSnapshot a = SnapshotCodec.encode("m", 7, one.forecaster(1), null);
        ModelSnapshot b = SnapshotCodec.encode("m", 7, two.forecaster(1), null);
        assertThat(b).isEqualTo(a);
        TrainingResult otherSeed = new ForecastTrainer(config().threads(2).seed(43).build()).train(data);
        assertThat(otherSeed.parameters()).isNotEqualTo(one.parameters());
    }

    @Test
    void learnsASeasonalPatternReportsProgressAndCalibratesTheInterval() {
        List<Series> data = seasonal(900);
        List<EpochProgress> seen = new ArrayList<>();
        TrainingResult r = new ForecastTrainer(config().maxEpochs(8).seasonalLags(true).threads(2).build())
                .train(data, seen::add, () -> false);
        assertThat(seen).hasSize(r.epochs()).isEqualTo(r.history());
        assertThat(seen.get(seen.size() - 1).validationMae()).isLessThan(seen.get(0).validationMae());
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.trainLoss()).isFinite();
            assertThat(p.elapsedMillis()).isNotNegative();
            assertThat(p.etaMillis()).isNotNegative();
        });
        assertThat(r.dataFrom()).isZero();
        assertThat(r.observations()).isEqualTo(6 * 900);
        Forecaster f = r.forecaster(1);
        var report = new OfflineEvaluator(f).withTestFraction(0.15).evaluate(data);
        // Noise sd 1: the naive forecast also pays the seasonal change, the model should not.
        assertThat(report.mae()).isLessThan(0.7 * report.naiveMae());
        assertThat(report.coverage()).isBetween(0.7, 0.92);
    }

    @Test
    void scalesTheAnomalyBoundsToTheErrorsTailsSoThatThreeSigmaFlagsItsShare() {
        // Student-t noise with 3 degrees of freedom: a Gaussian at 3 sigma of its 80% interval flags about 1.5%.
        List<Series> data = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(9);
        for (int k = 0; k < 4; k++) {
            long[] ts = new long[3000];
            double[] v = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = i * HOUR;
                double chi2 = 0;
                for (int d = 0; d < 3; d++) {
                    double g = r.nextGaussian();
                    chi2 += g * g;
                }
                v[i] = 50 * k + 5 * Math.sin(2 * Math.PI * i / 24) + r.nextGaussian() / Math.sqrt(chi2 / 3);
            }
            data.add(new Series("t" + k, ts, v));
        }
        TrainingResult trained = new ForecastTrainer(config().maxEpochs(2).threads(2).build()).train(data);
        assertThat(trained.pipeline().tailScale()).isGreaterThan(1.2);

        double calibrated = flaggedShare(trained.forecaster(1), data);
        double gaussian = flaggedShare(trained.withPipeline(trained.pipeline().withTailScale(1)).forecaster(1), data);
        assertThat(calibrated).isBetween(0.0005, 0.006);
        assertThat(gaussian).isGreaterThan(2 * calibrated);
    }

    private static double flaggedShare(Forecaster f, List<Series> data) {
        long flagged = 0;
        long scored = 0;
        var out = new dev.nowcast.model.forecast.StepResult();
        for (Series s : data) {
            var state = f.newState();
            for (int i = 0; i < s.size(); i++) {
                f.observe(state, s.timestamps()[i], s.values()[i], new double[0], out);
                if (i > s.size() / 2 && out.scored()) {
                    scored++;
                    flagged += out.anomaly() ? 1 : 0;
                }
            }
        }
        return (double) flagged / scored;
    }

    @Test
    void infersAWeekdayCalendarFromDataWithoutWeekends() {
        List<Series> weekdaysOnly = new ArrayList<>();
        for (Series s : seasonal(24 * 35)) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (dev.nowcast.model.feature.Calendar.WEEKDAYS.next(s.timestamps()[i] - HOUR, HOUR) == s.timestamps()[i]) {
                    keep.add(i);
                }
            }
            weekdaysOnly.add(new Series(s.key(), keep.stream().mapToLong(i -> s.timestamps()[i]).toArray(),
                    keep.stream().mapToDouble(i -> s.values()[i]).toArray()));
        }
        TrainingResult r = new ForecastTrainer(config().maxEpochs(1).threads(2).build()).train(weekdaysOnly);
        assertThat(r.pipeline().calendar()).isEqualTo(dev.nowcast.model.feature.Calendar.WEEKDAYS);
        assertThat(new ForecastTrainer(config().maxEpochs(1).threads(2).build()).train(seasonal(24 * 35))
                .pipeline().calendar()).isEqualTo(dev.nowcast.model.feature.Calendar.CONTINUOUS);
    }

    @Test
    void eachSeriesCarriesItsErrorsPersistenceOverASmoothingButNotOverTheLastValue() {
        TrainingResult seasonal = new ForecastTrainer(config().maxEpochs(1).threads(2).build()).train(seasonal(600));
        assertThat(seasonal.pipeline().smoothing().naive()).isFalse();
        assertThat(seasonal.pipeline().persistenceDecay()).isEqualTo(TrainingDefaults.PERSISTENCE_DECAY);
        assertThat(seasonal.persistence()).isEqualTo(PersistenceChoice.ON);
        List<Series> walks = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(9);
        for (int k = 0; k < 4; k++) {
            long[] ts = new long[600];
            double[] v = new double[600];
            for (int i = 0; i < 600; i++) {
                ts[i] = i * HOUR;
                v[i] = (i == 0 ? 100 : v[i - 1]) + r.nextGaussian();
            }
            walks.add(new Series("w" + k, ts, v));
        }
        TrainingResult walk = new ForecastTrainer(config().maxEpochs(1).threads(2).build()).train(walks);
        assertThat(walk.pipeline().smoothing().naive()).as("a random walk's base is the last value").isTrue();
        assertThat(walk.pipeline().persistenceDecay()).isZero();
        assertThat(walk.persistence()).isEqualTo(PersistenceChoice.LAST_VALUE_BASE);
        TrainingResult off = new ForecastTrainer(config().maxEpochs(1).persistenceDecay(0).threads(2).build())
                .train(seasonal(600));
        assertThat(off.pipeline().persistenceDecay()).as("configured off").isZero();
        assertThat(off.persistence()).isEqualTo(PersistenceChoice.CONFIGURED_OFF);
    }

    /** Four series whose changes follow an AR(1) at {@code phi}: ARIMA(1, 1, 0), a random walk at phi 0. */
    private static List<Series> integratedAutoregressions(double phi, long seed) {
        return integratedAutoregressions(phi, seed, 800);
    }

    private static List<Series> integratedAutoregressions(double phi, long seed, int n) {
        List<Series> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 4; k++) {
            long[] ts = new long[n];
            double[] v = new double[n];
            double change = 0;
            for (int i = 0; i < n; i++) {
                ts[i] = i * HOUR;
                change = phi * change + r.nextGaussian();
                v[i] = (i == 0 ? 100 * k : v[i - 1]) + change;
            }
            out.add(new Series("a" + k, ts, v));
        }
        return out;
    }

    @Test
    void fitsAnAutoregressionOfTheErrorsWhereTheyHaveOneAndTheNetworkAddsNothing() {
        // A learning rate too small to learn anything: the network's correction stays out.
        TrainingConfig untrained = config().maxEpochs(1).learningRate(1e-9).minLearningRate(1e-9).threads(2).build();
        TrainingResult momentum = new ForecastTrainer(untrained).train(integratedAutoregressions(0.6, 3));
        assertThat(momentum.pipeline().meanScale()).isZero();
        ErrorAutoregression ar = momentum.pipeline().errorAutoregression();
        assertThat(ar.order()).as("kept after the validation check").isPositive();
        assertThat(ar).isEqualTo(momentum.autoregression());
        assertThat(momentum.autoregressionChoice()).isEqualTo(AutoregressionChoice.ON);
        assertThat(ar.coefficients()[0]).as("momentum the base forecast leaves").isGreaterThan(0.2);

        TrainingResult walk = new ForecastTrainer(untrained).train(integratedAutoregressions(0, 4));
        assertThat(walk.pipeline().errorAutoregression()).as("a random walk's errors have none")
                .isEqualTo(ErrorAutoregression.NONE);
        assertThat(walk.autoregressionChoice()).isIn(AutoregressionChoice.NO_LAG, AutoregressionChoice.LOST);

        // 4 x 12 validation points: too few to check it on, so the job's check is left to try it.
        TrainingResult shortSeries = new ForecastTrainer(untrained).train(integratedAutoregressions(0.6, 3, 80));
        assertThat(shortSeries.autoregressionChoice()).isEqualTo(AutoregressionChoice.TOO_FEW_POINTS);
        assertThat(shortSeries.pipeline().errorAutoregression()).isEqualTo(ErrorAutoregression.NONE);

        TrainingResult off = new ForecastTrainer(config().maxEpochs(1).learningRate(1e-9).minLearningRate(1e-9)
                .errorArOrder(0).threads(2).build()).train(integratedAutoregressions(0.6, 3));
        assertThat(off.autoregression()).as("configured off").isEqualTo(ErrorAutoregression.NONE);
        assertThat(off.pipeline().errorAutoregression()).isEqualTo(ErrorAutoregression.NONE);
        assertThat(off.autoregressionChoice()).isEqualTo(AutoregressionChoice.CONFIGURED_OFF);
    }

    @Test
    void recordsWhatTheValidationPartSaidAboutTheCorrection() {
        List<Series> data = seasonal(600);
        TrainingResult r = new ForecastTrainer(config().maxEpochs(2).errorArOrder(0).threads(2).build()).train(data);
        CorrectionEvidence e = r.correction();
        assertThat(e.points()).isPositive();
        assertThat(e.significant()).isEqualTo(r.pipeline().meanScale() > 0);
        if (e.significant()) {
            assertThat(r.pipeline().meanScale()).as("the share served is the share tested").isEqualTo(e.shrink());
        }
        assertThat(e.correctedMae()).isLessThanOrEqualTo(e.baseMae());
        // The base MAE is the served base forecast's on the validation part, as the evaluator scores it.
        TrainingConfig c = r.config();
        Forecaster base = new Forecaster(0, r.network(), r.parameters(), r.pipeline().withCalibration(0, 1), 1,
                c.warmupSteps(), c.maxGapMillis());
        double mae = new OfflineEvaluator(base).withTestFraction(c.validationFraction()).evaluate(data).mae();
        assertThat(e.baseMae()).isCloseTo(mae, within(1e-9 * mae));
    }

    @Test
    void cancellationStopsBetweenBatchesAndKeepsTheBestParameters() {
        List<Series> data = seasonal(600);
        AtomicBoolean cancel = new AtomicBoolean();
        TrainingResult r = new ForecastTrainer(config().maxEpochs(20).patience(20).threads(2).build())
                .train(data, p -> cancel.set(p.epoch() == 2), cancel::get);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.history()).hasSize(2);
        // The kept parameters are those that scored bestValidationMae (before calibration).
        TrainingConfig c = r.config();
        Forecaster uncalibrated = new Forecaster(0, r.network(), r.parameters(), r.pipeline().withCalibration(1, 1),
                1, c.warmupSteps(), c.maxGapMillis());
        double mae = new OfflineEvaluator(uncalibrated).withTestFraction(c.validationFraction()).evaluate(data).mae();
        assertThat(mae).isCloseTo(r.bestValidationMae(), within(1e-12));
    }

    @Test
    void configsCompareByContentAndValidateTheirRanges() {
        assertThat(config().build()).isEqualTo(config().build()).hasSameHashCodeAs(config().build());
        assertThat(config().seasonalPeriodsMillis(48 * HOUR).build()).isNotEqualTo(config().build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config().batchSize(40).chunkSize(16).build())
                .hasMessageContaining("multiple of chunkSize");
    }

    @Test
    void aPointHeadTrainsToo() {
        TrainingResult r = new ForecastTrainer(config().head(HeadType.POINT).maxEpochs(2).build()).train(seasonal(400));
        assertThat(r.forecaster(1).network().head().outputSize()).isEqualTo(1);
        assertThat(r.pipeline().stddevScale()).isPositive();
    }

    /**
     * The autoregression replaces a network's correction that passed its own checks only by a significant gain on
     * at least 50 held-out points: fewer rest on too few blocks (UK lung deaths' 45 lost 16% by it).
     */
    @Test
    void theAutoregressionReplacesTheNetworkOnlyByASignificantGainOnEnoughPoints() {
        SplittableRandom r = new SplittableRandom(9);
        double[] actual = new double[60];
        double[] network = new double[60];
        double[] withAr = new double[60];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = r.nextGaussian();
            network[i] = actual[i] + 1.0 * r.nextGaussian();
            withAr[i] = actual[i] + 0.5 * r.nextGaussian();
        }
        assertThat(ForecastTrainer.autoregressionBeatsTheNetwork(actual, network, withAr)).isTrue();
        assertThat(ForecastTrainer.autoregressionBeatsTheNetwork(actual, withAr, network)).isFalse();
        assertThat(ForecastTrainer.autoregressionBeatsTheNetwork(java.util.Arrays.copyOf(actual, 49),
                java.util.Arrays.copyOf(network, 49), java.util.Arrays.copyOf(withAr, 49))).as("49 points").isFalse();
    }
}
