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
        // The four series' validation parts, 15% of their first 800 points, and held-out parts, the last 200.
        assertThat(seen.validation().points()).isBetween(4 * 115, 4 * 125);
        assertThat(seen.heldOut().points()).isEqualTo(4 * 200);
        assertThat(seen.validation().withMae()).isLessThan(0.99 * seen.validation().withoutMae());
        assertThat(seen.heldOut().withMae()).isLessThan(0.99 * seen.heldOut().withoutMae());
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
    void theShiftIsKeptWhereItLowersTheMaeOnBothParts() {
        double[] actual = new double[40];
        double[] without = new double[40];
        double[] late = new double[40];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = i % 2 == 0 ? 1 : -1;
            late[i] = i >= 20 ? 1 : 0;
        }
        double[] bothBetter = without.clone();
        bothBetter[0] = 0.5;
        bothBetter[20] = 0.5;
        double[] onlyLateBetter = bothBetter.clone();
        onlyLateBetter[2] = -0.5;
        assertThat(MedianShiftEvidence.of(0.01, actual, without, bothBetter, late).kept()).isTrue();
        MedianShiftEvidence mixed = MedianShiftEvidence.of(0.01, actual, without, onlyLateBetter, late);
        assertThat(mixed.heldOut().lowered()).isTrue();
        assertThat(mixed.validation().lowered()).as("one better, one worse by as much: a tie").isFalse();
        assertThat(mixed.kept()).isFalse();
        assertThat(mixed.validation().points()).isEqualTo(20);
        assertThat(MedianShiftEvidence.of(0.01, actual, without, without, late).kept()).as("a tie keeps it out")
                .isFalse();
    }
}
