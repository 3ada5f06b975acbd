package dev.nowcast.trainer.job;

import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.train.MedianShiftEvidence;
import dev.nowcast.model.train.TrainingDefaults;
import dev.nowcast.model.train.TrainingResult;
import org.junit.jupiter.api.Test;

import static dev.nowcast.trainer.job.CorrectionCheckTest.parts;
import static dev.nowcast.trainer.job.CorrectionCheckTest.untrained;
import static org.assertj.core.api.Assertions.assertThat;

class MedianShiftCheckTest {
    /**
     * Four series around their own levels, with exponential noise (skewed: its median is below its mean, which the
     * smoothing follows) or a random walk's steps.
     */
    private static List<Series> panel(boolean walk) {
        return CorrectionCheckTest.levels(5, walk ? (x, r) -> x + r.nextGaussian()
                : (x, r) -> -Math.log(1 - r.nextDouble()));
    }

    @Test
    void skewedNoiseKeepsTheShiftWithTheNumbersItWonBy() {
        List<Series> series = panel(false);
        TrainingResult trained = untrained(series, 0);
        assertThat(trained.pipeline().smoothing().naive()).isFalse();
        assertThat(trained.pipeline().medianShiftRate()).as("the trainer leaves it to the job").isZero();
        TrainingResult checked = MedianShiftCheck.check(trained, series, parts(series), 2);
        assertThat(checked.pipeline().medianShiftRate()).isEqualTo(TrainingDefaults.MEDIAN_SHIFT_RATE);
        MedianShiftEvidence seen = checked.medianShift();
        assertThat(seen.kept()).isTrue();
        assertThat(seen.rate()).isEqualTo(TrainingDefaults.MEDIAN_SHIFT_RATE);
        // The validation and held-out parts of the four series: 15% of the first 80% and the last 20%.
        assertThat(seen.points()).isBetween(4 * 300, 4 * 340);
        assertThat(seen.withMae()).isLessThan(0.99 * seen.withoutMae());
        // The intervals are fitted again for the shifted forecasts (a symmetric interval around the median of skewed
        // errors must be wider to cover as much); nothing else of the model changes.
        assertThat(checked.pipeline().stddevScale()).isNotEqualTo(trained.pipeline().stddevScale());
        FeaturePipeline p = trained.pipeline();
        assertThat(checked.pipeline().withMedianShiftRate(0).withCalibration(p.meanScale(), p.stddevScale())
                .withHorizonShape(p.horizonExponent(), p.horizonCurvature()).withTailScale(p.tailScale()).parameters())
                .isEqualTo(p.parameters());
    }

    @Test
    void aLastValueBaseIsNotChecked() {
        List<Series> walk = panel(true);
        TrainingResult lastValue = untrained(walk, 0);
        assertThat(lastValue.pipeline().smoothing().naive()).isTrue();
        TrainingResult checked = MedianShiftCheck.check(lastValue, walk, parts(walk), 2);
        assertThat(checked.medianShift()).isEqualTo(MedianShiftEvidence.NONE);
        assertThat(checked.pipeline().medianShiftRate()).isZero();

    }

    @Test
    void theShiftIsKeptWhereItLowersTheMaeAtAll() {
        double[] actual = new double[40];
        double[] without = new double[40];
        double[] slightlyBetter = new double[40];
        double[] slightlyWorse = new double[40];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = i % 2 == 0 ? 1 : -1;
            slightlyBetter[i] = i == 0 ? 0.5 : 0;
            slightlyWorse[i] = i == 0 ? -0.5 : 0;
        }
        assertThat(MedianShiftEvidence.of(0.01, actual, without, slightlyBetter).kept()).isTrue();
        assertThat(MedianShiftEvidence.of(0.01, actual, without, slightlyWorse).kept()).isFalse();
        assertThat(MedianShiftEvidence.of(0.01, actual, without, without).kept()).as("a tie keeps it out").isFalse();
    }
}
