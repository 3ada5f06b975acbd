package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.model.train.ValueAutoregressionEvidence;
import org.junit.jupiter.api.Test;

import static dev.nowcast.trainer.job.CorrectionCheckTest.parts;
import static dev.nowcast.trainer.job.CorrectionCheckTest.untrained;
import static org.assertj.core.api.Assertions.assertThat;

class ValueAutoregressionCheckTest {
    /** Four series that return to their own means, AR(1) at {@code phi}: a smoothing only half follows them. */
    private static List<Series> panel(double phi) {
        return CorrectionCheckTest.levels(11, (x, r) -> phi * x + r.nextGaussian());
    }

    private static double holdoutMae(TrainingResult r, List<Series> series) {
        double[][] f = CorrectionCheck.oneStep(r, series, CorrectionCheck.starts(r, series, 0.2), 2);
        double sum = 0;
        for (int i = 0; i < f[0].length; i++) {
            sum += Math.abs(f[0][i] - f[1][i]);
        }
        return sum / f[0].length;
    }

    @Test
    void aMeanRevertingPanelMixesInTheAutoregressionOfItsDeviations() {
        List<Series> series = panel(0.7);
        TrainingResult trained = untrained(series, 0);
        assertThat(trained.pipeline().smoothing().naive()).isFalse();
        TrainingResult checked = ValueAutoregressionCheck.check(trained, series, parts(series), 2);
        ValueAutoregression v = checked.pipeline().valueAutoregression();
        assertThat(v.on()).isTrue();
        assertThat(v.lag()).isZero();
        assertThat(v.coefficients()[0]).isBetween(0.5, 0.9);
        // What the check saw comes with it, for the console: the weight served, its gain and its statistic.
        ValueAutoregressionEvidence seen = checked.valueAutoregressionEvidence();
        assertThat(seen.passed()).isTrue();
        assertThat(seen.candidate()).isEqualTo(v);
        assertThat(seen.points()).isGreaterThanOrEqualTo(ForecastTrainer.MIN_AUTOREGRESSION_POINTS);
        assertThat(seen.mixedMae()).isLessThan(seen.modelMae());
        assertThat(seen.t()).isGreaterThan(ForecastTrainer.AUTOREGRESSION_CRITICAL_T);
        // It was chosen on the validation part and the holdout: there, its forecasts beat the model's own.
        assertThat(holdoutMae(checked, series)).isLessThan(holdoutMae(trained, series));
        // And the intervals were calibrated again with it: narrower, since its errors are smaller.
        assertThat(checked.pipeline().stddevScale()).isLessThan(trained.pipeline().stddevScale());
    }

    @Test
    void theNetworksShareStaysAsTheHeldOutCheckSawIt() {
        List<Series> series = panel(0.7);
        TrainingResult trained = untrained(series, 0);
        // As if its correction had passed at a share of 0.4: refitted on validation with the mix, an untrained
        // network's share would fall to 0, and the model served would not be the one the check chose on.
        TrainingResult corrected = trained.withPipeline(trained.pipeline().withCalibration(0.4,
                trained.pipeline().stddevScale()));
        TrainingResult checked = ValueAutoregressionCheck.check(corrected, series, parts(series), 2);
        assertThat(checked.pipeline().valueAutoregression().on()).isTrue();
        assertThat(checked.pipeline().meanScale()).isEqualTo(0.4);
    }

    @Test
    void aRandomWalkOnTheLastValueMixesNothingIn() {
        List<Series> series = panel(1);
        TrainingResult trained = untrained(series, 0);
        assertThat(trained.pipeline().smoothing().naive()).isTrue();
        TrainingResult checked = ValueAutoregressionCheck.check(trained, series, parts(series), 2);
        assertThat(checked.pipeline()).isSameAs(trained.pipeline());
        assertThat(checked.valueAutoregressionEvidence()).isEqualTo(ValueAutoregressionEvidence.NONE);
    }

    @Test
    void fewerPointsNeedTheStrongerStandard() {
        // Block by block gains of 0.3, -0.1 and 0.2: t = 1.11 on three blocks, 1.75 on six.
        double[][] three = gains(0.3, -0.1, 0.2);
        double[][] six = gains(0.3, -0.1, 0.2, 0.3, -0.1, 0.2);
        assertThat(evidence(three).t()).isBetween(1.0, 2.0);
        assertThat(evidence(three).passed()).as("30 points: 2 standard errors needed").isFalse();
        assertThat(evidence(six).t()).isBetween(1.0, 2.0);
        assertThat(evidence(six).passed()).as("60 points: 1 is enough").isTrue();
        assertThat(evidence(gains(0.3, 0.1, 0.2)).passed()).as("30 points, t = 3.46").isTrue();
        double[][] sixteen = gains(0.3, 0.3);
        for (int c = 0; c < sixteen.length; c++) {
            sixteen[c] = Arrays.copyOf(sixteen[c], 16);
        }
        assertThat(evidence(sixteen).passed()).as("too few for the test").isFalse();
        assertThat(ForecastTrainer.valueAutoregressionCriticalT(16)).isNaN();
    }

    private static ValueAutoregressionEvidence evidence(double[][] f) {
        return ForecastTrainer.valueAutoregressionEvidence(new ValueAutoregression(0, new double[] {0.5}, 0.25), f[0],
                f[1], f[2]);
    }

    /** Actual 0, the model's forecasts 1, the mixed ones 1 less each block's gain, in blocks of 10 points. */
    private static double[][] gains(double... perBlock) {
        int n = 10 * perBlock.length;
        double[][] f = new double[3][n];
        for (int i = 0; i < n; i++) {
            f[1][i] = 1;
            f[2][i] = 1 - perBlock[i / 10];
        }
        return f;
    }
}
