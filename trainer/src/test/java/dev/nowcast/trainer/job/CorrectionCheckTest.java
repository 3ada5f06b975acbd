package dev.nowcast.trainer.job;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.train.AutoregressionChoice;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CorrectionCheckTest {
    private static final long HOUR = 3_600_000L;
    private static final double HOLDOUT = 0.2;

    /** Four series whose changes follow an AR(1) at 0.6: momentum the last value misses. */
    private static List<Series> momentum() {
        return momentum(4, 1000);
    }

    private static List<Series> momentum(int count, int points) {
        List<Series> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < count; k++) {
            long[] ts = new long[points];
            double[] v = new double[points];
            double change = 0;
            for (int i = 0; i < v.length; i++) {
                ts[i] = i * HOUR;
                change = 0.6 * change + r.nextGaussian();
                v[i] = (i == 0 ? 100 * k : v[i - 1]) + change;
            }
            out.add(new Series("m" + k, ts, v));
        }
        return out;
    }

    /** How a point's deviation from its series' level follows from the last one's, drawing from {@code random}. */
    interface Deviation {
        double next(double previous, SplittableRandom random);
    }

    /** Four hourly series of 1000 points, series k at 100 (k + 1) plus its deviations, from the seed's draws. */
    static List<Series> levels(long seed, Deviation deviation) {
        List<Series> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 4; k++) {
            long[] ts = new long[1000];
            double[] v = new double[1000];
            double x = 0;
            for (int i = 0; i < v.length; i++) {
                ts[i] = i * HOUR;
                x = deviation.next(x, r);
                v[i] = 100 * (k + 1) + x;
            }
            out.add(new Series("p" + k, ts, v));
        }
        return out;
    }

    static List<Series> parts(List<Series> series) {
        return series.stream().map(s -> s.head((int) (s.size() * (1 - HOLDOUT)))).toList();
    }

    /** A model trained on the training parts whose network learned nothing. */
    static TrainingResult untrained(List<Series> series, int errorArOrder) {
        List<Series> parts = parts(series);
        TrainingConfig config = TrainingConfig.builder().cellType(CellType.GRU).hiddenSize(8).horizon(3)
                .warmupSteps(12).window(24).stride(6).batchSize(32).chunkSize(16).optimizerSteps(0).maxEpochs(1)
                .learningRate(1e-9).minLearningRate(1e-9).errorArOrder(errorArOrder).seed(7).threads(2).build();
        return new ForecastTrainer(config).train(parts);
    }

    /**
     * That model with its network's correction switched on in full and another interval, as if both had been
     * fitted on validation.
     */
    private static TrainingResult untrainedNetworkSwitchedOn(TrainingResult trained) {
        return trained.withAutoregression(trained.pipeline().withCalibration(1.0, 3.0)
                .withErrorAutoregression(ErrorAutoregression.NONE), trained.config().errorArOrder() == 0
                ? AutoregressionChoice.CONFIGURED_OFF : AutoregressionChoice.NETWORK_ON);
    }

    @Test
    void aCorrectionThatFailsOnTheHoldoutGivesWayToTheErrorAutoregressionWhenThatWinsThere() {
        List<Series> series = momentum();
        TrainingResult trained = untrained(series, 8);
        assertThat(trained.autoregressionChoice()).as("the trainer took it on validation").isEqualTo(
                AutoregressionChoice.ON);
        TrainingResult noisy = untrainedNetworkSwitchedOn(trained);
        assertThat(noisy.autoregression().order()).isPositive();
        TrainingResult checked = CorrectionCheck.check(noisy, series, parts(series), HOLDOUT, 2).result();
        assertThat(checked.pipeline().meanScale()).as("the correction is dropped").isZero();
        assertThat(checked.pipeline().errorAutoregression()).isEqualTo(noisy.autoregression());
        assertThat(checked.autoregressionChoice()).isEqualTo(AutoregressionChoice.ON);
        // Calibrated again for the forecasts with it, exactly as the trainer calibrated them: the network's interval
        // no longer fits.
        assertThat(checked.pipeline().parameters()).isEqualTo(trained.pipeline().parameters());
        assertThat(noisy.pipeline().stddevScale()).isNotEqualTo(trained.pipeline().stddevScale());
    }

    @Test
    void anAutoregressionLeftUncheckedForWantOfValidationPointsIsCheckedLater() {
        List<Series> series = momentum();
        TrainingResult trained = untrained(series, 8);
        TrainingResult unchecked = trained.withAutoregression(
                trained.pipeline().withErrorAutoregression(ErrorAutoregression.NONE),
                AutoregressionChoice.TOO_FEW_POINTS);
        TrainingResult checked = CorrectionCheck.check(unchecked, series, parts(series), HOLDOUT, 2).result();
        assertThat(checked.pipeline().errorAutoregression()).isEqualTo(trained.autoregression());
        assertThat(checked.autoregressionChoice()).isEqualTo(AutoregressionChoice.ON);
        TrainingResult decided = trained.withAutoregression(
                trained.pipeline().withErrorAutoregression(ErrorAutoregression.NONE), AutoregressionChoice.LOST);
        assertThat(CorrectionCheck.check(decided, series, parts(series), HOLDOUT, 2).result()).as("one check only").isSameAs(decided);
    }

    @Test
    void aShortSeriesIsCheckedOnItsValidationAndHoldoutPartsTogether() {
        // 180 points: 36 held out and 22 of validation (0.15 of 144), each under the check's 50, together over them.
        List<Series> series = momentum(1, 180);
        TrainingResult trained = untrained(series, 8);
        assertThat(trained.autoregression().order()).isPositive();
        assertThat(trained.autoregressionChoice()).isEqualTo(AutoregressionChoice.TOO_FEW_POINTS);
        TrainingResult checked = CorrectionCheck.check(trained, series, parts(series), HOLDOUT, 2).result();
        assertThat(checked.autoregressionChoice()).isEqualTo(AutoregressionChoice.ON);
        assertThat(checked.pipeline().errorAutoregression()).isEqualTo(trained.autoregression());
    }

    @Test
    void aDroppedCorrectionIsWarnedOfWithItsHeldOutNumbersAndItsShareAsTheGridHasIt() {
        List<Series> series = momentum();
        TrainingResult untrained = untrained(series, 0);
        // 17 steps of 0.05, as the calibration's grid reaches 0.85: 0.8500000000000001 in binary.
        TrainingResult noisy = untrained.withAutoregression(untrained.pipeline().withCalibration(17 * 0.05, 3.0),
                AutoregressionChoice.CONFIGURED_OFF);
        CorrectionCheck.Checked checked = CorrectionCheck.check(noisy, series, parts(series), HOLDOUT, 2);
        assertThat(checked.result().pipeline().meanScale()).isZero();
        CorrectionCheck.HeldOut heldOut = checked.heldOut();
        assertThat(heldOut.points()).as("the last 20%% of 4 x 1000 points").isEqualTo(800);
        assertThat(heldOut.passed()).isFalse();
        assertThat(heldOut.correctedMae()).as("an untrained network's correction only adds noise")
                .isGreaterThan(heldOut.baseMae());

        String warning = CorrectionCheck.warning(noisy, checked, checked.result());
        assertThat(warning).startsWith("the network's correction (x0.85 on validation) does not beat the base "
                + "forecast significantly on the held-out part (on " + heldOut.points() + " held-out points it raised "
                + "the MAE by ").contains(String.format(Locale.ROOT, "(%.5g against %.5g), t = %.2f, short of the 2.0 "
                + "it needs): the model serves the base forecast", heldOut.correctedMae(), heldOut.baseMae(),
                heldOut.t()));
        assertThat(CorrectionCheck.warning(checked.result(), checked, checked.result())).as("nothing was dropped")
                .isNull();
    }

    @Test
    void withoutAnAutoregressionTheBaseForecastStaysAlone() {
        List<Series> series = momentum();
        TrainingResult noisy = untrainedNetworkSwitchedOn(untrained(series, 0));
        TrainingResult checked = CorrectionCheck.check(noisy, series, parts(series), HOLDOUT, 2).result();
        assertThat(checked.pipeline().meanScale()).isZero();
        assertThat(checked.pipeline().errorAutoregression()).isEqualTo(ErrorAutoregression.NONE);
    }

    /**
     * A network that learned some of the ringing passes the held-out check against the base forecast, and the
     * autoregression, which has the ringing's exact form, still beats it there: it serves in the network's place.
     */
    /** Four series whose changes oscillate, an AR(2) at 1.6 and -0.9: a seismograph's ringing. */
    private static List<Series> ringing() {
        List<Series> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 4; k++) {
            long[] ts = new long[1000];
            double[] v = new double[1000];
            double c1 = 0;
            double c2 = 0;
            for (int i = 0; i < v.length; i++) {
                ts[i] = i * HOUR;
                double change = 1.6 * c1 - 0.9 * c2 + r.nextGaussian();
                c2 = c1;
                c1 = change;
                v[i] = (i == 0 ? 100 * k : v[i - 1]) + change;
            }
            out.add(new Series("r" + k, ts, v));
        }
        return out;
    }

    @Test
    void aCorrectionThatPassesGivesWayToAnAutoregressionThatBeatsItOnTheHoldout() {
        List<Series> series = ringing();
        List<Series> parts = parts(series);
        TrainingConfig config = TrainingConfig.builder().cellType(CellType.GRU).hiddenSize(8).horizon(3)
                .warmupSteps(12).window(24).stride(6).batchSize(32).chunkSize(16).optimizerSteps(150).maxEpochs(40)
                .seed(7).threads(2).build();
        TrainingResult trained = new ForecastTrainer(config).train(parts);
        assertThat(trained.pipeline().meanScale()).as("the network's correction is on").isPositive();
        assertThat(trained.autoregressionChoice()).isEqualTo(AutoregressionChoice.NETWORK_ON);
        TrainingResult checked = CorrectionCheck.check(trained, series, parts, HOLDOUT, 2).result();
        assertThat(checked.autoregressionChoice()).isEqualTo(AutoregressionChoice.REPLACED_NETWORK);
        assertThat(checked.pipeline().meanScale()).isZero();
        assertThat(checked.pipeline().errorAutoregression()).isEqualTo(trained.autoregression());
    }
}
